import type { ErrorTable } from '../http/error-table.js';

/**
 * Twilio's error codes (https://www.twilio.com/docs/api/errors) that the Messages API returns when
 * a message is created, or that a status callback carries in `ErrorCode`. Codes not listed fall
 * back to the HTTP status. Each row has a test in tests/providers/twilio-errors.test.ts.
 */
export const TWILIO_ERRORS: ErrorTable = {
  // Credentials and account: the channel stops until verified again.
  '20003': {
    kind: 'credentials_invalid',
    message: 'authentication failed: check the Account SID and Auth Token',
  },
  '20005': { kind: 'account_inactive', message: 'the account is not active (often a lack of funds)' },
  '10001': { kind: 'account_inactive', message: 'the account is not active (often a lack of funds)' },
  '30002': { kind: 'account_inactive', message: 'the account was suspended before the message was sent' },
  // Throttling: the channel pauses.
  '20429': { kind: 'rate_limited', message: 'too many requests' },
  '14107': { kind: 'rate_limited', message: 'SMS send rate limit exceeded' },
  // Transient on Twilio's side.
  '30001': { kind: 'provider_unavailable', message: 'queue overflow: too many messages queued' },
  '20500': { kind: 'provider_unavailable', message: 'internal error' },
  // The recipient.
  '21211': { kind: 'invalid_address', message: "invalid 'To' phone number" },
  '21614': { kind: 'invalid_address', message: "'To' number is not a valid mobile number" },
  '21401': { kind: 'invalid_address', message: 'invalid phone number' },
  '21610': { kind: 'opted_out', message: 'the recipient unsubscribed (replied STOP)' },
  '21408': { kind: 'unreachable', message: "sending to the 'To' number's region is not enabled" },
  '21612': { kind: 'unreachable', message: "the 'To' number cannot be reached from this sender" },
  '21635': { kind: 'unreachable', message: "the 'To' number is a landline" },
  '21608': { kind: 'unreachable', message: "the 'To' number is not verified for this trial account" },
  '30003': { kind: 'unreachable', message: 'unreachable destination handset' },
  '30005': { kind: 'invalid_address', message: 'unknown destination handset' },
  '30006': { kind: 'unreachable', message: 'landline or unreachable carrier' },
  '30004': { kind: 'blocked', message: 'message blocked' },
  '30007': { kind: 'blocked', message: 'filtered by the carrier' },
  '30034': { kind: 'blocked', message: 'sender not registered for A2P 10DLC' },
  '63014': { kind: 'blocked', message: 'the recipient blocked the sender' },
  // The sender or the content.
  '21606': { kind: 'sender_invalid', message: "the 'From' number cannot send SMS for this account" },
  '21212': { kind: 'sender_invalid', message: "invalid 'From' number" },
  '21660': { kind: 'sender_invalid', message: "the 'From' number does not belong to this account" },
  '21602': { kind: 'content_rejected', message: 'the message body is required' },
  '21617': { kind: 'content_rejected', message: 'the message body exceeds 1600 characters' },
  '21620': { kind: 'content_rejected', message: 'invalid media URL' },
  '30008': { kind: 'rejected', message: 'unknown delivery error' },
};
