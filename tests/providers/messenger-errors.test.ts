import { describe, expect, it } from 'vitest';
import { isChannelFault } from '../../providers/errors.js';
import { MESSENGER_ERRORS } from '../../providers/messenger/errors.js';
import { classifyGraphFailure } from '../../providers/meta/graph.js';

// Messenger Platform codes (https://developers.facebook.com/docs/messenger-platform/error-codes),
// `code` or `code/subcode`, and the class each must land in, stated independently of the table.
const EXPECTED: [code: string, kind: string, retryable: boolean, stopsChannel: boolean][] = [
  ['190', 'credentials_invalid', false, true],
  ['10', 'credentials_invalid', false, true],
  ['200', 'credentials_invalid', false, true],
  ['230', 'credentials_invalid', false, true],
  ['368', 'account_inactive', false, true],
  ['10/2018278', 'outside_session_window', false, false],
  ['10/2018065', 'outside_session_window', false, false],
  ['100/2018001', 'invalid_address', false, false],
  ['10/2018108', 'blocked', false, false],
  ['551', 'unreachable', false, false],
  ['551/1545041', 'unreachable', false, false],
  ['200/1545041', 'unreachable', false, false],
  ['200/2018028', 'rejected', false, false],
  ['4', 'rate_limited', true, false],
  ['4/2018022', 'rate_limited', true, false],
  ['17', 'rate_limited', true, false],
  ['32', 'rate_limited', true, false],
  ['613', 'rate_limited', true, false],
  ['80006', 'rate_limited', true, false],
  ['1200', 'provider_unavailable', true, false],
  ['1', 'provider_unavailable', true, false],
  ['2', 'provider_unavailable', true, false],
  ['100', 'rejected', false, false],
  ['100/2018109', 'content_rejected', false, false],
];

const answer = (status: number, code: number, subcode?: number) => ({
  status,
  headers: { 'content-type': 'application/json' },
  text: JSON.stringify({
    error: {
      message: `(#${code}) Words ${code}`,
      type: 'OAuthException',
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      fbtrace_id: 'AbCdEf',
    },
  }),
});
const classify = (a: ReturnType<typeof answer>) =>
  classifyGraphFailure('Messenger', a, JSON.parse(a.text), MESSENGER_ERRORS);

describe("Messenger's error table", () => {
  it('has exactly the rows this test states', () => {
    expect(Object.keys(MESSENGER_ERRORS).sort()).toEqual(EXPECTED.map(([code]) => code).sort());
  });

  it.each(EXPECTED)('classifies %s as %s', (key, kind, retryable, stopsChannel) => {
    const [code, subcode] = key.split('/').map(Number) as [number, number | undefined];
    const error = classify(answer(400, code, subcode));
    expect(error.code).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(isChannelFault(error)).toBe(stopsChannel);
    expect(error.details).toMatchObject({
      providerCode: key,
      providerMessage: `(#${code}) Words ${code}`,
      httpStatus: 400,
    });
  });

  it('reads a subcode it does not list by its code, and keeps the subcode in error_details', () => {
    const error = classify(answer(400, 10, 1234567));
    expect(error.code).toBe('credentials_invalid');
    expect(error.details.providerCode).toBe('10/1234567');
  });
});
