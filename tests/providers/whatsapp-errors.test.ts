import { describe, expect, it } from 'vitest';
import { isChannelFault } from '../../providers/errors.js';
import { classifyGraphFailure } from '../../providers/meta/graph.js';
import { WHATSAPP_ERRORS } from '../../providers/whatsapp/errors.js';

// WhatsApp Cloud API codes (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes)
// and the class each must land in, stated here independently of the table so that a wrong row fails.
const EXPECTED: [code: string, kind: string, retryable: boolean, stopsChannel: boolean][] = [
  // Token and permissions: the channel goes to `error`.
  ['0', 'credentials_invalid', false, true],
  ['190', 'credentials_invalid', false, true],
  ['3', 'credentials_invalid', false, true],
  ['10', 'credentials_invalid', false, true],
  ['200-299', 'credentials_invalid', false, true],
  ['131005', 'credentials_invalid', false, true],
  ['33', 'credentials_invalid', false, true],
  // Billing and the account.
  ['131042', 'insufficient_balance', false, true],
  ['368', 'account_inactive', false, true],
  ['131031', 'account_inactive', false, true],
  ['131037', 'account_inactive', false, true],
  ['131045', 'account_inactive', false, true],
  ['133010', 'account_inactive', false, true],
  // Throttling.
  ['4', 'rate_limited', true, false],
  ['80007', 'rate_limited', true, false],
  ['130429', 'rate_limited', true, false],
  ['131048', 'rate_limited', true, false],
  ['131056', 'recipient_rate_limited', true, false],
  // Meta's side.
  ['1', 'provider_unavailable', true, false],
  ['2', 'provider_unavailable', true, false],
  ['131000', 'provider_unavailable', true, false],
  ['131016', 'provider_unavailable', true, false],
  ['131057', 'provider_unavailable', true, false],
  ['133004', 'provider_unavailable', true, false],
  // The recipient.
  ['131026', 'invalid_address', false, false],
  ['131021', 'invalid_address', false, false],
  ['131030', 'unreachable', false, false],
  ['130472', 'unreachable', false, false],
  ['130497', 'unreachable', false, false],
  ['131049', 'blocked', false, false],
  ['131050', 'blocked', false, false],
  // The 24-hour window.
  ['131047', 'outside_session_window', false, false],
  // The request and the template.
  ['100', 'rejected', false, false],
  ['131008', 'rejected', false, false],
  ['131009', 'rejected', false, false],
  ['135000', 'rejected', false, false],
  ['131051', 'content_rejected', false, false],
  ['131053', 'content_rejected', false, false],
  ['132000', 'content_rejected', false, false],
  ['132001', 'content_rejected', false, false],
  ['132005', 'content_rejected', false, false],
  ['132007', 'content_rejected', false, false],
  ['132012', 'content_rejected', false, false],
  ['132015', 'content_rejected', false, false],
  ['132016', 'content_rejected', false, false],
];

/** A Graph API error answer as the Cloud API sends it. */
const answer = (status: number, code: number, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  text: JSON.stringify({
    error: {
      message: `(#${code}) Title ${code}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: `Details ${code}` },
      fbtrace_id: 'AbCdEf',
    },
  }),
});
const classify = (a: ReturnType<typeof answer>) =>
  classifyGraphFailure('WhatsApp', a, JSON.parse(a.text), WHATSAPP_ERRORS);

describe("WhatsApp's error table", () => {
  it('has exactly the rows this test states', () => {
    expect(Object.keys(WHATSAPP_ERRORS).sort()).toEqual(EXPECTED.map(([code]) => code).sort());
  });

  it.each(EXPECTED)('classifies %s as %s', (code, kind, retryable, stopsChannel) => {
    // The 200-299 row stands for every code of the range.
    const numeric = code === '200-299' ? 230 : Number(code);
    const error = classify(answer(400, numeric));
    expect(error.code).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(isChannelFault(error)).toBe(stopsChannel);
    expect(error.details).toMatchObject({
      providerCode: String(numeric),
      providerMessage: `(#${numeric}) Title ${numeric}: Details ${numeric}`,
      httpStatus: 400,
    });
  });

  it('throttles on the estimated time to regain access Meta puts in X-Business-Use-Case-Usage', () => {
    const usage = JSON.stringify({
      '102290129340398': [
        {
          type: 'whatsapp',
          call_count: 100,
          total_cputime: 3,
          total_time: 4,
          estimated_time_to_regain_access: 2,
        },
      ],
    });
    const hinted = classify(answer(400, 80007, { 'x-business-use-case-usage': usage }));
    expect(hinted).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 120_000 });
    // No hint at all: still throttling (the channel pauses its default time).
    const bare = classify(answer(400, 130429));
    expect(bare).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: undefined });
    // A Retry-After, should Meta send one, wins.
    expect(classify(answer(400, 130429, { 'retry-after': '7' })).retryAfterMs).toBe(7_000);
  });

  it('falls back to the HTTP status for a code it does not know', () => {
    expect(classify(answer(400, 999_999)).code).toBe('rejected');
    expect(classify(answer(401, 999_999)).code).toBe('credentials_invalid');
    expect(classify(answer(503, 999_999))).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('treats an HTML page or a body that is not a Graph error as retryable', () => {
    const page = { status: 502, headers: {}, text: '<html><title>Bad Gateway</title></html>' };
    expect(classifyGraphFailure('WhatsApp', page, undefined, WHATSAPP_ERRORS)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      details: { providerMessage: 'Bad Gateway' },
    });
    const odd = { status: 400, headers: {}, text: '{"unexpected":true}' };
    expect(classifyGraphFailure('WhatsApp', odd, { unexpected: true }, WHATSAPP_ERRORS).code).toBe(
      'provider_bad_response',
    );
  });
});
