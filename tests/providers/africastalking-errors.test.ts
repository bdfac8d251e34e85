import { describe, expect, it } from 'vitest';
import { AT_ERRORS } from '../../providers/africastalking/errors.js';
import { readSendAnswer } from '../../providers/africastalking/messaging.js';
import { isChannelFault } from '../../providers/errors.js';
import type { ProviderError } from '../../src/errors.js';

// Africa's Talking's per-recipient status codes (developers.africastalking.com/docs/sms/sending)
// and the class each must land in, stated here independently of the table so that a wrong row fails.
const EXPECTED: [code: number, status: string, kind: string, retryable: boolean, stopsChannel: boolean][] = [
  [401, 'RiskHold', 'blocked', false, false],
  [402, 'InvalidSenderId', 'sender_invalid', false, false],
  [403, 'InvalidPhoneNumber', 'invalid_address', false, false],
  [404, 'UnsupportedNumberType', 'unreachable', false, false],
  [405, 'InsufficientBalance', 'insufficient_balance', false, true],
  [406, 'UserInBlacklist', 'opted_out', false, false],
  [407, 'CouldNotRoute', 'unreachable', false, false],
  [409, 'DoNotDisturbRejection', 'blocked', false, false],
  [500, 'InternalServerError', 'provider_unavailable', true, false],
  [501, 'GatewayError', 'provider_unavailable', true, false],
  [502, 'RejectedByGateway', 'rejected', false, false],
];

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  text: JSON.stringify(body),
});

/** The 201 Africa's Talking answers when the request was read but the recipient refused. */
const refused = (statusCode: number, status: string) =>
  json(201, {
    SMSMessageData: {
      Message: 'Sent to 0/1 Total Cost: 0',
      Recipients: [{ statusCode, status, number: '+254711000001', cost: '0', messageId: 'None' }],
    },
  });

function failure(answer: Parameters<typeof readSendAnswer>[0]): ProviderError {
  try {
    readSendAnswer(answer);
  } catch (error) {
    return error as ProviderError;
  }
  throw new Error('the answer was read as a success');
}

describe("Africa's Talking's error table", () => {
  it('has exactly the rows this test states', () => {
    expect(Object.keys(AT_ERRORS).sort()).toEqual(EXPECTED.map(([code]) => String(code)).sort());
  });

  it.each(EXPECTED)(
    'classifies a 201 whose recipient has %s %s as %s',
    (code, status, kind, retryable, stopsChannel) => {
      const error = failure(refused(code, status));
      expect(error.code).toBe(kind);
      expect(error.retryable).toBe(retryable);
      expect(isChannelFault(error)).toBe(stopsChannel);
      expect(error.details).toMatchObject({
        providerCode: String(code),
        providerMessage: status,
        httpStatus: 201,
      });
    },
  );

  it('reads the message id of an accepted recipient (101 Sent, 102 Queued, 100 Processed)', () => {
    for (const statusCode of [100, 101, 102]) {
      const accepted = readSendAnswer(
        json(201, {
          SMSMessageData: {
            Message: 'Sent to 1/1 Total Cost: KES 0.8000',
            Recipients: [
              {
                statusCode,
                status: 'Success',
                number: '+254711000001',
                cost: 'KES 0.8000',
                messageId: 'ATXid_1',
              },
            ],
          },
        }),
      );
      expect(accepted).toEqual({ messageId: 'ATXid_1', cost: 'KES 0.8000' });
    }
  });

  it('classifies an unknown recipient code as rejected, keeping its words', () => {
    const error = failure(refused(499, 'SomethingNew'));
    expect(error).toMatchObject({ code: 'rejected', retryable: false });
    expect(error.details).toMatchObject({ providerCode: '499', providerMessage: 'SomethingNew' });
  });

  it('reads the refusal from the summary when no recipient is listed', () => {
    const error = failure(json(201, { SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } }));
    expect(error).toMatchObject({ code: 'sender_invalid' });
    expect(error.details.providerCode).toBe('402');
  });

  it('classifies a non-2xx answer by its recipient code when it has one (HTTP 409 DoNotDisturbRejection)', () => {
    const error = failure(
      json(409, {
        SMSMessageData: {
          Message: 'Sent to 0/1 Total Cost: 0',
          Recipients: [
            {
              cost: '0',
              messageId: 'None',
              number: '+2348000000001',
              status: 'DoNotDisturbRejection',
              statusCode: 409,
            },
          ],
        },
      }),
    );
    expect(error).toMatchObject({ code: 'blocked', retryable: false });
    expect(error.details).toMatchObject({ providerCode: '409', httpStatus: 409 });
  });

  it('reads a plain-text 401 as refused credentials, keeping the words', () => {
    const error = failure({
      status: 401,
      headers: { 'content-type': 'text/plain' },
      text: 'The supplied authentication is invalid',
    });
    expect(error).toMatchObject({ code: 'credentials_invalid', retryable: false });
    expect(error.details.providerMessage).toBe('The supplied authentication is invalid');
  });

  it('retries an HTML page and a 5xx, and honours Retry-After on a 429', () => {
    const html = failure({
      status: 502,
      headers: { 'content-type': 'text/html' },
      text: '<html><title>502 Bad Gateway</title></html>',
    });
    expect(html).toMatchObject({ code: 'provider_unavailable', retryable: true });
    const down = failure({
      status: 503,
      headers: { 'content-type': 'text/plain' },
      text: 'Service Unavailable',
    });
    expect(down).toMatchObject({ code: 'provider_unavailable', retryable: true });
    const throttled = failure({ status: 429, headers: { 'retry-after': '4' }, text: 'Too Many Requests' });
    expect(throttled).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 4_000 });
  });

  it('treats a 2xx that is not the SMS API as a bad answer, retryable', () => {
    const error = failure({
      status: 200,
      headers: { 'content-type': 'text/html' },
      text: '<html>portal</html>',
    });
    expect(error).toMatchObject({ code: 'provider_bad_response', retryable: true });
    const noId = failure(
      json(201, {
        SMSMessageData: { Recipients: [{ statusCode: 101, status: 'Success', messageId: 'None' }] },
      }),
    );
    expect(noId).toMatchObject({ code: 'provider_bad_response', retryable: true });
  });
});
