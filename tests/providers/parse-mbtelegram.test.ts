import { describe, expect, it } from 'vitest';
import { parseMessageBirdInbound, parseMessageBirdStatus } from '../../providers/messagebird/webhooks.js';
import {
  parseTelegramInbound,
  parseTelegramOptOuts,
  verifyTelegramSecret,
} from '../../providers/telegram/webhooks.js';
import type { RawWebhook } from '../../providers/types.js';
import { BadRequestError } from '../../src/errors.js';

const get = (query: Record<string, string>): RawWebhook => ({
  method: 'GET',
  url: 'https://hooks.example.com/v1/webhooks/messagebird/tok/status',
  headers: {},
  query,
  rawBody: '',
});
const json = (body: unknown, headers: Record<string, string> = {}): RawWebhook => ({
  method: 'POST',
  url: 'https://hooks.example.com/v1/webhooks/telegram/tok',
  headers: { 'content-type': 'application/json', ...headers },
  query: {},
  rawBody: typeof body === 'string' ? body : JSON.stringify(body),
});

describe("MessageBird's status reports", () => {
  // https://developers.messagebird.com/api/sms-messaging/#handle-a-status-report
  it.each([
    ['scheduled', 'queued'],
    ['sent', 'sent'],
    ['buffered', 'queued'],
    ['delivered', 'delivered'],
    ['expired', 'failed'],
    ['delivery_failed', 'failed'],
    ['teleported', 'unknown'],
  ])('maps %s to %s', (status, expected) => {
    const [event] = parseMessageBirdStatus(
      get({
        id: 'abc',
        reference: 'ref',
        recipient: '31612345678',
        status,
        statusDatetime: '2016-05-03T08:58:10+00:00',
      }),
    );
    expect(event).toMatchObject({ providerMessageId: 'abc', status: expected, providerStatus: status });
    expect(event!.occurredAt.toISOString()).toBe('2016-05-03T08:58:10.000Z');
  });

  it('keeps the error code and reason of a failure, and refuses a report without id or status', () => {
    const [event] = parseMessageBirdStatus(
      get({
        id: 'abc',
        status: 'delivery_failed',
        statusErrorCode: '104',
        statusReason: 'unknown subscriber',
      }),
    );
    expect(event).toMatchObject({ errorCode: '104', errorMessage: 'unknown subscriber' });
    expect(() => parseMessageBirdStatus(get({ status: 'delivered' }))).toThrow(BadRequestError);
    expect(() => parseMessageBirdStatus(get({ id: 'abc' }))).toThrow(BadRequestError);
  });

  it('reads an incoming message, adding + to an MSISDN but not to an alphanumeric sender', () => {
    const [fromNumber] = parseMessageBirdInbound(
      json({ id: 'm1', originator: '31612345678', recipient: '3197010200300', body: 'Hi' }),
    );
    expect(fromNumber).toMatchObject({
      providerMessageId: 'm1',
      from: '+31612345678',
      to: '+3197010200300',
      body: 'Hi',
    });
    const [fromName] = parseMessageBirdInbound(json({ id: 'm2', originator: 'BANK', body: 'Code' }));
    expect(fromName!.from).toBe('BANK');
    expect(() => parseMessageBirdInbound(json('not json'))).toThrow(BadRequestError);
    expect(() => parseMessageBirdInbound(json({ body: 'no sender' }))).toThrow(BadRequestError);
  });
});

describe("Telegram's updates", () => {
  const chat = { id: 5200000001, type: 'private', first_name: 'Ada' };

  it('takes a caption as the body of a media message, and the chat id as the sender', () => {
    const [message] = parseTelegramInbound(
      json({
        update_id: 7,
        message: {
          message_id: 12,
          from: { id: 5200000001, first_name: 'Ada' },
          chat,
          date: 1700000000,
          caption: 'Look',
        },
      }),
    );
    expect(message).toMatchObject({
      providerMessageId: '5200000001:12',
      from: '5200000001',
      fromName: 'Ada',
      body: 'Look',
    });
    expect(message!.receivedAt.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('returns nothing for update types that carry no message, and 400 for a body that is no update', () => {
    expect(parseTelegramInbound(json({ update_id: 8, edited_message: { message_id: 1, chat } }))).toEqual([]);
    expect(parseTelegramOptOuts(json({ update_id: 8, message: { message_id: 1, chat, text: 'x' } }))).toEqual(
      [],
    );
    expect(() => parseTelegramInbound(json({ message: { message_id: 1, chat } }))).toThrow(BadRequestError);
    expect(() => parseTelegramInbound(json([1, 2]))).toThrow(BadRequestError);
    expect(() => parseTelegramInbound(json({ update_id: 9, message: { message_id: 1, text: 'x' } }))).toThrow(
      BadRequestError,
    );
  });

  it('stores no service message (members joined, a pin, a migration), and takes a photo or a sticker', () => {
    const update = (message: Record<string, unknown>) =>
      parseTelegramInbound(
        json({ update_id: 10, message: { message_id: 3, chat, date: 1700000000, ...message } }),
      );
    expect(update({ new_chat_members: [{ id: 1, first_name: 'B' }] })).toEqual([]);
    expect(update({ pinned_message: { message_id: 2, chat } })).toEqual([]);
    expect(update({ migrate_to_chat_id: -1001234567890 })).toEqual([]);
    expect(update({ photo: [{ file_id: 'a', width: 90, height: 90 }] })).toEqual([
      expect.objectContaining({ body: '', providerMessageId: '5200000001:3' }),
    ]);
    expect(update({ sticker: { file_id: 's' } })).toHaveLength(1);
  });

  it('records a kick from a group as the bot being removed, and ignores other membership changes', () => {
    const group = { id: -1001234567890, type: 'supergroup', title: 'Team' };
    const [removed] = parseTelegramOptOuts(
      json({
        update_id: 10,
        my_chat_member: { chat: group, date: 1, new_chat_member: { status: 'kicked' } },
      }),
    );
    expect(removed).toMatchObject({
      eventId: 'update:10',
      address: '-1001234567890',
      reason: 'the bot was removed from the chat',
    });
    expect(
      parseTelegramOptOuts(
        json({ update_id: 11, my_chat_member: { chat, date: 1, new_chat_member: { status: 'left' } } }),
      ),
    ).toEqual([]);
  });

  it('checks the secret header in full', () => {
    const secret = 'a'.repeat(43);
    expect(verifyTelegramSecret(json({}, { 'x-telegram-bot-api-secret-token': secret }), secret)).toBe(true);
    expect(verifyTelegramSecret(json({}, { 'x-telegram-bot-api-secret-token': `${secret}b` }), secret)).toBe(
      false,
    );
    expect(verifyTelegramSecret(json({}), secret)).toBe(false);
    expect(verifyTelegramSecret(json({}, { 'x-telegram-bot-api-secret-token': '' }), undefined)).toBe(false);
  });
});
