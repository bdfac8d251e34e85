import { describe, expect, it } from 'vitest';
import { isChannelFault } from '../../providers/errors.js';
import { VONAGE_ERRORS } from '../../providers/vonage/errors.js';
import { readSmsAnswer } from '../../providers/vonage/sms.js';
import type { ProviderError } from '../../src/errors.js';

// The SMS API's `status` codes (developer.vonage.com, "Troubleshooting SMS"; `x-errors` of sms.yml)
// and the class each must land in, stated here independently of the table so that a wrong row fails.
const EXPECTED: [code: string, kind: string, retryable: boolean, stopsChannel: boolean][] = [
  ['1', 'rate_limited', true, false],
  ['10', 'rate_limited', true, false],
  ['4', 'credentials_invalid', false, true],
  ['14', 'credentials_invalid', false, true],
  ['32', 'credentials_invalid', false, true],
  ['8', 'account_inactive', false, true],
  ['11', 'account_inactive', false, true],
  ['9', 'insufficient_balance', false, true],
  ['5', 'provider_unavailable', true, false],
  ['6', 'invalid_address', false, false],
  ['7', 'blocked', false, false],
  ['33', 'unreachable', false, false],
  ['29', 'unreachable', false, false],
  ['15', 'sender_invalid', false, false],
  ['12', 'content_rejected', false, false],
  ['2', 'rejected', false, false],
  ['3', 'rejected', false, false],
  ['22', 'rejected', false, false],
  ['23', 'rejected', false, false],
];

type Answer = Parameters<typeof readSmsAnswer>[0];
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  text: JSON.stringify(body),
});
/** A refusal as the SMS API answers it: still an HTTP 200. */
const refused = (status: string, text = `Vonage says ${status}`, headers: Record<string, string> = {}) =>
  json(200, { 'message-count': '1', messages: [{ status, 'error-text': text }] }, headers);
const accepted = (id: string) => ({
  to: '33612300001',
  'message-id': id,
  status: '0',
  'remaining-balance': '3.14',
  'message-price': '0.0333',
  network: '20801',
});

function failure(answer: Answer): ProviderError {
  try {
    readSmsAnswer(answer);
  } catch (error) {
    return error as ProviderError;
  }
  throw new Error('the answer was read as a success');
}

describe("Vonage's error table", () => {
  it('has exactly the rows this test states', () => {
    expect(Object.keys(VONAGE_ERRORS).sort()).toEqual(EXPECTED.map(([code]) => code).sort());
  });

  it.each(EXPECTED)('classifies status %s in a 200 as %s', (code, kind, retryable, stopsChannel) => {
    const error = failure(refused(code));
    expect(error.code).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(isChannelFault(error)).toBe(stopsChannel);
    expect(error.details).toMatchObject({
      providerCode: code,
      providerMessage: `Vonage says ${code}`,
      httpStatus: 200,
    });
  });

  it('reads every part id of an accepted message, in order', () => {
    const answer = json(200, {
      'message-count': '3',
      messages: [accepted('A1'), accepted('A2'), accepted('A3')],
    });
    expect(readSmsAnswer(answer)).toEqual({ messageIds: ['A1', 'A2', 'A3'] });
  });

  it('waits as long as the throttling reply asks: Retry-After, else its words, else one second', () => {
    expect(
      failure(refused('1', 'Throughput Rate Exceeded - please wait [ 2500 ] and retry')).retryAfterMs,
    ).toBe(2_500);
    expect(failure(refused('1', 'Throughput Rate Exceeded', { 'retry-after': '3' })).retryAfterMs).toBe(
      3_000,
    );
    expect(failure(refused('1', 'Throttled')).retryAfterMs).toBe(1_000);
    expect(failure(refused('9')).retryAfterMs).toBeUndefined();
  });

  it('fails a message for good when only some of its parts were accepted', () => {
    const error = failure(
      json(200, {
        'message-count': '2',
        messages: [
          accepted('A1'),
          { status: '1', 'error-text': 'Throughput Rate Exceeded - please wait [ 100 ] and retry' },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 'rejected', retryable: false });
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.details).toMatchObject({ providerCode: '1' });
    expect(error.message).toMatch(/1 of the 2 parts/);
  });

  it('classifies an unknown status as rejected', () => {
    expect(failure(refused('99'))).toMatchObject({ code: 'rejected', retryable: false });
  });

  it('retries an HTML page, a 5xx and a 200 that is not the SMS API; honours Retry-After on a 429', () => {
    const html = failure({
      status: 503,
      headers: { 'content-type': 'text/html' },
      text: '<html><title>Down</title></html>',
    });
    expect(html).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(html.details.providerMessage).toBe('Down');
    expect(failure({ status: 200, headers: {}, text: 'OK' })).toMatchObject({
      code: 'provider_bad_response',
      retryable: true,
    });
    expect(failure({ status: 429, headers: { 'retry-after': '2' }, text: '' })).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 2_000,
    });
  });
});
