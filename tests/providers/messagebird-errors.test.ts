import { describe, expect, it } from 'vitest';
import { isChannelFault } from '../../providers/errors.js';
import { classifyMessageBirdFailure, MESSAGEBIRD_ERRORS } from '../../providers/messagebird/errors.js';

// MessageBird's error codes (https://developers.messagebird.com/api/#errors; php-rest-api
// ResponseError) and the class each must land in, stated here independently of the table.
const EXPECTED: [key: string, kind: string, retryable: boolean, stopsChannel: boolean][] = [
  ['2', 'credentials_invalid', false, true],
  ['25', 'insufficient_balance', false, true],
  ['9:recipients', 'invalid_address', false, false],
  ['10:recipients', 'invalid_address', false, false],
  ['9:originator', 'sender_invalid', false, false],
  ['10:originator', 'sender_invalid', false, false],
  ['9', 'rejected', false, false],
  ['10', 'rejected', false, false],
  ['20', 'rejected', false, false],
  ['21', 'rejected', false, false],
  ['98', 'rejected', false, false],
  ['99', 'provider_unavailable', true, false],
];

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

describe("MessageBird's error table", () => {
  it('has exactly the rows this test states', () => {
    expect(Object.keys(MESSAGEBIRD_ERRORS).sort()).toEqual(EXPECTED.map(([key]) => key).sort());
  });

  it.each(EXPECTED)('classifies %s as %s', (key, kind, retryable, stopsChannel) => {
    const [code, parameter] = key.split(':');
    const status = code === '2' ? 401 : code === '99' ? 500 : 422;
    const error = classifyMessageBirdFailure(
      answer(status, {
        errors: [
          { code: Number(code), description: `MessageBird says ${code}`, parameter: parameter ?? null },
        ],
      }),
    );
    expect(error.code).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(isChannelFault(error)).toBe(stopsChannel);
    // The vendor's own code (not the table's key) and words reach error_details.
    expect(error.details).toMatchObject({ providerCode: code, httpStatus: status });
    expect(error.details.providerMessage).toContain(`MessageBird says ${code}`);
  });

  it('reads a parameter it has no row for as the bare code', () => {
    const error = classifyMessageBirdFailure(
      answer(422, { errors: [{ code: 9, description: 'body is required', parameter: 'body' }] }),
    );
    expect(error).toMatchObject({ code: 'rejected', retryable: false });
    expect(error.details.providerMessage).toBe('body is required (body)');
  });

  it('falls back to the HTTP status for a code it does not know, and honours Retry-After', () => {
    const unknown = (status: number, headers: Record<string, string> = {}) =>
      classifyMessageBirdFailure(answer(status, { errors: [{ code: 12345, description: 'new' }] }, headers));
    expect(unknown(400).code).toBe('rejected');
    expect(unknown(401).code).toBe('credentials_invalid');
    expect(unknown(503).retryable).toBe(true);
    expect(unknown(429, { 'retry-after': '3' })).toMatchObject({ code: 'rate_limited', retryAfterMs: 3_000 });
  });

  it('treats an HTML page or a body without errors[] as retryable, but a 401 page still as credentials', () => {
    const page = (status: number) =>
      classifyMessageBirdFailure(answer(status, '<html><title>Gateway Timeout</title></html>'));
    expect(page(504)).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(page(504).details.providerMessage).toBe('Gateway Timeout');
    expect(page(404)).toMatchObject({ code: 'provider_bad_response', retryable: true });
    expect(page(401).code).toBe('credentials_invalid');
    expect(classifyMessageBirdFailure(answer(500, { message: 'oops' })).retryable).toBe(true);
  });
});
