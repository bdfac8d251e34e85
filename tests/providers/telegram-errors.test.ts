import { describe, expect, it } from 'vitest';
import { isChannelFault } from '../../providers/errors.js';
import { classifyTelegramFailure, TELEGRAM_ERRORS } from '../../providers/telegram/errors.js';

// The Bot API's errors as Telegram words them (https://core.telegram.org/bots/api#making-requests:
// `{ ok: false, error_code, description }`, HTTP status = error_code) and the class each must land
// in, stated here independently of the table.
const EXPECTED: [
  errorCode: number,
  description: string,
  kind: string,
  retryable: boolean,
  stopsChannel: boolean,
][] = [
  [403, 'Forbidden: bot was blocked by the user', 'opted_out', false, false],
  [403, 'Forbidden: user is deactivated', 'opted_out', false, false],
  [403, "Forbidden: bot can't initiate conversation with a user", 'unreachable', false, false],
  [403, "Forbidden: bot can't send messages to bots", 'invalid_address', false, false],
  [403, 'Forbidden: bot was kicked from the group chat', 'blocked', false, false],
  [403, 'Forbidden: bot is not a member of the channel chat', 'blocked', false, false],
  [400, 'Bad Request: not enough rights to send text messages to the chat', 'blocked', false, false],
  [400, 'Bad Request: chat not found', 'invalid_address', false, false],
  [400, 'Bad Request: user not found', 'invalid_address', false, false],
  [400, 'Bad Request: PEER_ID_INVALID', 'invalid_address', false, false],
  [400, 'Bad Request: chat_id is empty', 'invalid_address', false, false],
  [400, 'Bad Request: group chat was upgraded to a supergroup chat', 'invalid_address', false, false],
  [400, 'Bad Request: message is too long', 'content_rejected', false, false],
  [400, 'Bad Request: message text is empty', 'content_rejected', false, false],
  [400, 'Bad Request: message caption is too long', 'content_rejected', false, false],
  [400, 'Bad Request: wrong file identifier/HTTP URL specified', 'content_rejected', false, false],
  [400, 'Bad Request: failed to get HTTP URL content', 'content_rejected', false, false],
  [400, 'Bad Request: wrong type of the web page content', 'content_rejected', false, false],
  [401, 'Unauthorized', 'credentials_invalid', false, true],
  [404, 'Not Found', 'credentials_invalid', false, true],
  [429, 'Too Many Requests: retry after 7', 'rate_limited', true, false],
];

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  text: typeof body === 'string' ? body : JSON.stringify(body),
});
const envelope = (errorCode: number, description: string, parameters?: object) => ({
  ok: false,
  error_code: errorCode,
  description,
  ...(parameters ? { parameters } : {}),
});

describe("Telegram's error table", () => {
  it('has exactly the rows this test states', () => {
    expect(TELEGRAM_ERRORS).toHaveLength(EXPECTED.length);
  });

  it.each(EXPECTED)('classifies %i "%s" as %s', (errorCode, description, kind, retryable, stopsChannel) => {
    const body = envelope(errorCode, description);
    const error = classifyTelegramFailure(answer(errorCode, body), body);
    expect(error.code).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(isChannelFault(error)).toBe(stopsChannel);
    expect(error.details).toMatchObject({
      providerCode: String(errorCode),
      providerMessage: description,
      httpStatus: errorCode,
    });
  });

  it('honours parameters.retry_after on a 429, as Telegram gives no header', () => {
    const body = envelope(429, 'Too Many Requests: retry after 35', { retry_after: 35 });
    expect(classifyTelegramFailure(answer(429, body), body)).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 35_000,
    });
  });

  it('falls back to the HTTP status for words it does not know', () => {
    const of = (errorCode: number, description: string) => {
      const body = envelope(errorCode, description);
      return classifyTelegramFailure(answer(errorCode, body), body);
    };
    expect(of(400, 'Bad Request: something new').code).toBe('rejected');
    expect(of(403, 'Forbidden: something new').code).toBe('rejected');
    expect(of(500, 'Internal Server Error')).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(of(502, 'Bad Gateway').retryable).toBe(true);
  });

  it('treats an HTML page as retryable whatever its status, but a 401 page still as credentials', () => {
    const page = (status: number) =>
      classifyTelegramFailure(answer(status, '<html><title>502 Bad Gateway</title></html>'), undefined);
    expect(page(502)).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(page(502).details.providerMessage).toBe('502 Bad Gateway');
    expect(page(403)).toMatchObject({ code: 'provider_bad_response', retryable: true });
    expect(page(401).code).toBe('credentials_invalid');
  });
});
