import { describe, expect, it } from 'vitest';
import { parseTwilioInbound, parseTwilioStatus } from '../../providers/twilio/webhooks.js';
import type { RawWebhook } from '../../providers/types.js';
import { answerHubChallenge, formFields, secretsEqual } from '../../providers/webhooks.js';
import { BadRequestError } from '../../src/errors.js';

const form = (fields: Record<string, string>, query: Record<string, string> = {}): RawWebhook => ({
  method: 'POST',
  url: 'https://hooks.example.com/v1/webhooks/twilio/tok/status',
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  query,
  rawBody: new URLSearchParams(fields).toString(),
});

describe("Meta's subscription handshake", () => {
  const get = (query: Record<string, string>): RawWebhook => ({
    method: 'GET',
    url: 'https://hooks.example.com/v1/webhooks/whatsapp/tok',
    headers: {},
    query,
    rawBody: '',
  });

  it('echoes hub.challenge when hub.verify_token is the channel’s', () => {
    const query = {
      'hub.mode': 'subscribe',
      'hub.verify_token': 'secret-token',
      'hub.challenge': '1158201444',
    };
    expect(answerHubChallenge(get(query), 'secret-token')).toBe('1158201444');
  });

  it('refuses a wrong or missing token, another mode, or no challenge', () => {
    const ok = { 'hub.mode': 'subscribe', 'hub.verify_token': 'secret-token', 'hub.challenge': '42' };
    expect(answerHubChallenge(get({ ...ok, 'hub.verify_token': 'other' }), 'secret-token')).toBeNull();
    expect(answerHubChallenge(get(ok), undefined)).toBeNull();
    expect(answerHubChallenge(get({ ...ok, 'hub.mode': 'unsubscribe' }), 'secret-token')).toBeNull();
    const { 'hub.challenge': _, ...noChallenge } = ok;
    expect(answerHubChallenge(get(noChallenge), 'secret-token')).toBeNull();
  });
});

describe('webhook helpers', () => {
  it('reads form bodies, keeping repeated fields', () => {
    expect(formFields('A=1&B=two+words&A=3')).toEqual({ A: ['1', '3'], B: 'two words' });
  });

  it('compares secrets in full', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual(undefined, 'abc')).toBe(false);
  });
});

describe("Twilio's status callbacks", () => {
  // https://www.twilio.com/docs/messaging/api/message-resource#message-status-values
  it.each([
    ['accepted', 'queued'],
    ['scheduled', 'queued'],
    ['queued', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['undelivered', 'failed'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
    ['partially_delivered', 'unknown'],
    ['something_new', 'unknown'],
  ])('maps %s to %s', (word, status) => {
    const [event] = parseTwilioStatus(form({ MessageSid: 'SM1', MessageStatus: word }));
    expect(event).toMatchObject({ providerMessageId: 'SM1', status, providerStatus: word });
  });

  it('keeps the error code of a failure with its meaning', () => {
    const [event] = parseTwilioStatus(
      form({ MessageSid: 'SM1', MessageStatus: 'undelivered', ErrorCode: '30003' }),
    );
    expect(event).toMatchObject({ errorCode: '30003', errorMessage: 'unreachable destination handset' });
  });

  it('refuses a body without MessageSid or MessageStatus, or one that is not a form', () => {
    expect(() => parseTwilioStatus(form({ MessageStatus: 'sent' }))).toThrow(BadRequestError);
    expect(() =>
      parseTwilioStatus({ ...form({}), headers: { 'content-type': 'application/json' }, rawBody: '{}' }),
    ).toThrow(BadRequestError);
  });
});

describe("Twilio's incoming messages", () => {
  it('reads the sender, the text, the profile name and the media', () => {
    const [message] = parseTwilioInbound(
      form({
        MessageSid: 'MM1',
        From: 'whatsapp:+14155238886',
        To: 'whatsapp:+15005550006',
        Body: 'Hello',
        ProfileName: 'Amina',
        NumMedia: '2',
        MediaUrl0: 'https://api.twilio.com/media/0',
        MediaUrl1: 'https://api.twilio.com/media/1',
      }),
    );
    expect(message).toMatchObject({
      providerMessageId: 'MM1',
      from: '+14155238886',
      to: '+15005550006',
      body: 'Hello',
      fromName: 'Amina',
      mediaUrls: ['https://api.twilio.com/media/0', 'https://api.twilio.com/media/1'],
    });
  });
});
