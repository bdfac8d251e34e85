import type { ErrorTable } from '../http/error-table.js';

/**
 * WhatsApp Cloud API error codes (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes),
 * met when a message is sent (the Graph error's `code`) or in a `failed` status webhook
 * (`statuses[].errors[].code`). Meta answers most of them with HTTP 400, throttling included, so the
 * code decides, not the status. Codes not listed fall back to the HTTP status. Each row has a test
 * in tests/providers/whatsapp-errors.test.ts.
 */
export const WHATSAPP_ERRORS: ErrorTable = {
  // Authorization: the channel stops until its token is replaced and it is verified again.
  '0': {
    kind: 'credentials_invalid',
    message: 'Meta could not authenticate the access token: update the credentials',
  },
  '190': {
    kind: 'credentials_invalid',
    message: 'the access token has expired or is invalid: update the credentials',
  },
  '3': {
    kind: 'credentials_invalid',
    message: 'the credentials lack the capability or permission for this call',
  },
  '10': {
    kind: 'credentials_invalid',
    message: 'permission denied: the credentials lack whatsapp_business_messaging',
  },
  '200-299': {
    kind: 'credentials_invalid',
    message: 'the credentials lack an API permission, or it was removed',
  },
  '131005': {
    kind: 'credentials_invalid',
    message: 'access denied: the credentials cannot send for this number',
  },
  '33': {
    kind: 'credentials_invalid',
    message: 'the business phone number in the credentials (phone_number_id) does not exist or was deleted',
  },
  // The business account or number cannot send.
  '131042': {
    kind: 'insufficient_balance',
    message: 'payment issue: the WhatsApp Business Account has no valid payment method or credit line',
  },
  '368': { kind: 'account_inactive', message: 'the account is temporarily blocked for policy violations' },
  '131031': { kind: 'account_inactive', message: 'the WhatsApp Business Account is locked' },
  '131037': {
    kind: 'account_inactive',
    message: 'the number needs its display name approved before sending',
  },
  '131045': { kind: 'account_inactive', message: 'the number is not correctly registered (certificate)' },
  '133010': { kind: 'account_inactive', message: 'the number is not registered with the Cloud API' },
  // Throttling: the channel pauses (the X-Business-Use-Case-Usage hint is honoured when sent).
  '4': { kind: 'rate_limited', message: 'the app reached its API call rate limit' },
  '80007': { kind: 'rate_limited', message: 'the WhatsApp Business Account reached its rate limit' },
  '130429': { kind: 'rate_limited', message: 'the number reached its message throughput limit' },
  '131048': {
    kind: 'rate_limited',
    message: 'spam rate limit: too many recent messages from this number were blocked or reported',
  },
  // Per recipient: only that message waits; the channel goes on (Meta: other numbers need no wait).
  '131056': {
    kind: 'recipient_rate_limited',
    message: 'pair rate limit: too many messages to the same recipient in a short time',
  },
  // Transient on Meta's side.
  '1': { kind: 'provider_unavailable', message: 'unknown error (possibly on Meta’s side)' },
  '2': { kind: 'provider_unavailable', message: 'the service is temporarily down or overloaded' },
  '131000': { kind: 'provider_unavailable', message: 'something went wrong on Meta’s side' },
  '131016': { kind: 'provider_unavailable', message: 'the service is temporarily unavailable' },
  '131057': { kind: 'provider_unavailable', message: 'the business account is in maintenance mode' },
  '133004': { kind: 'provider_unavailable', message: 'the server is temporarily unavailable' },
  // The recipient.
  '131026': {
    kind: 'invalid_address',
    message:
      'undeliverable: the number is not on WhatsApp (or the recipient has not accepted the terms, runs a too old app, or blocked the business)',
  },
  '131021': { kind: 'invalid_address', message: 'the recipient is the sending number itself' },
  '131030': { kind: 'unreachable', message: 'the recipient is not in the allowed list of this test number' },
  '130472': {
    kind: 'unreachable',
    message: 'the recipient is part of a Meta experiment and was not sent to',
  },
  '130497': { kind: 'unreachable', message: 'the account may not message users in the recipient’s country' },
  '131049': {
    kind: 'blocked',
    message: 'Meta chose not to deliver this marketing message (per-user ecosystem limit)',
  },
  '131050': { kind: 'blocked', message: 'the recipient stopped marketing messages from this business' },
  // The 24-hour customer service window.
  '131047': {
    kind: 'outside_session_window',
    message: 'more than 24 hours since the recipient last wrote: only a template can be sent',
  },
  // The message or the template.
  '100': { kind: 'rejected', message: 'invalid parameter' },
  '131008': { kind: 'rejected', message: 'a required parameter is missing' },
  '131009': { kind: 'rejected', message: 'a parameter value is not valid' },
  '135000': { kind: 'rejected', message: 'generic user error' },
  '131051': { kind: 'content_rejected', message: 'unsupported message type' },
  '131053': { kind: 'content_rejected', message: 'the media could not be uploaded (type, size or URL)' },
  '132000': { kind: 'content_rejected', message: 'the template’s parameter count does not match' },
  '132001': { kind: 'content_rejected', message: 'no approved template with this name and language' },
  '132005': { kind: 'content_rejected', message: 'the filled template text is too long' },
  '132007': { kind: 'content_rejected', message: 'the template breaks the format character policy' },
  '132012': { kind: 'content_rejected', message: 'a template parameter has the wrong format' },
  '132015': { kind: 'content_rejected', message: 'the template is paused for low quality' },
  '132016': { kind: 'content_rejected', message: 'the template is disabled' },
};
