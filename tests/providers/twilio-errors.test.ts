import { describe, expect, it } from 'vitest';
import { isChannelFault } from '../../providers/errors.js';
import { classifyFailure } from '../../providers/http/error-table.js';
import { TWILIO_ERRORS } from '../../providers/twilio/errors.js';

// Twilio's codes (https://www.twilio.com/docs/api/errors) and the class each must land in, stated
// here independently of the table so that a wrong row fails.
const EXPECTED: [code: string, kind: string, retryable: boolean, stopsChannel: boolean][] = [
  ['20003', 'credentials_invalid', false, true],
  ['20005', 'account_inactive', false, true],
  ['10001', 'account_inactive', false, true],
  ['30002', 'account_inactive', false, true],
  ['20429', 'rate_limited', true, false],
  ['14107', 'rate_limited', true, false],
  ['30001', 'provider_unavailable', true, false],
  ['20500', 'provider_unavailable', true, false],
  ['21211', 'invalid_address', false, false],
  ['21614', 'invalid_address', false, false],
  ['21401', 'invalid_address', false, false],
  ['30005', 'invalid_address', false, false],
  ['21610', 'opted_out', false, false],
  ['21408', 'unreachable', false, false],
  ['21612', 'unreachable', false, false],
  ['21635', 'unreachable', false, false],
  ['21608', 'unreachable', false, false],
  ['30003', 'unreachable', false, false],
  ['30006', 'unreachable', false, false],
  ['30004', 'blocked', false, false],
  ['30007', 'blocked', false, false],
  ['30034', 'blocked', false, false],
  ['63014', 'blocked', false, false],
  ['21606', 'sender_invalid', false, false],
  ['21212', 'sender_invalid', false, false],
  ['21660', 'sender_invalid', false, false],
  ['21602', 'content_rejected', false, false],
  ['21617', 'content_rejected', false, false],
  ['21620', 'content_rejected', false, false],
  ['30008', 'rejected', false, false],
];

const answer = (status: number, code: string) => ({
  status,
  headers: { 'content-type': 'application/json' },
  text: JSON.stringify({ code: Number(code), message: `Twilio says ${code}`, status }),
});

describe("Twilio's error table", () => {
  it('has exactly the rows this test states', () => {
    expect(Object.keys(TWILIO_ERRORS).sort()).toEqual(EXPECTED.map(([code]) => code).sort());
  });

  it.each(EXPECTED)('classifies %s as %s', (code, kind, retryable, stopsChannel) => {
    const error = classifyFailure(
      'Twilio',
      answer(400, code),
      { code, message: `Twilio says ${code}` },
      TWILIO_ERRORS,
    );
    expect(error.code).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(isChannelFault(error)).toBe(stopsChannel);
    expect(error.details).toMatchObject({
      providerCode: code,
      providerMessage: `Twilio says ${code}`,
      httpStatus: 400,
    });
  });

  it('falls back to the HTTP status for a code it does not know, and honours Retry-After', () => {
    const unknown = (status: number, headers: Record<string, string> = {}) =>
      classifyFailure('Twilio', { status, headers, text: '{}' }, { code: '99999' }, TWILIO_ERRORS);
    expect(unknown(400).code).toBe('rejected');
    expect(unknown(401).code).toBe('credentials_invalid');
    expect(unknown(503).retryable).toBe(true);
    const throttled = unknown(429, { 'retry-after': '7' });
    expect(throttled).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7_000 });
  });

  it('treats an HTML page as retryable whatever its status, but a 401 page still as credentials', () => {
    const html = (status: number) =>
      classifyFailure(
        'Twilio',
        { status, headers: {}, text: '<html><title>Oops</title></html>' },
        undefined,
        TWILIO_ERRORS,
      );
    expect(html(404)).toMatchObject({ code: 'provider_bad_response', retryable: true });
    expect(html(502)).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(html(502).details.providerMessage).toBe('Oops');
    expect(html(401).code).toBe('credentials_invalid');
  });
});
