import type { ErrorTable } from '../http/error-table.js';

/**
 * Messenger Platform Send API errors (https://developers.facebook.com/docs/messenger-platform/error-codes),
 * keyed `code/subcode` where Meta splits a code by subcode (a permission error may mean "outside the
 * window", "this person blocks you" or "the token lacks pages_messaging"), else `code`; a subcode
 * not listed falls back to its code's row, then to the HTTP status. Each row has a test in
 * tests/providers/messenger-errors.test.ts.
 */
export const MESSENGER_ERRORS: ErrorTable = {
  // The page access token or its permissions: the channel stops until verified again.
  '190': {
    kind: 'credentials_invalid',
    message: 'the page access token is invalid or has expired: update the credentials',
  },
  '10': {
    kind: 'credentials_invalid',
    message: 'permission denied for the page access token in the credentials',
  },
  '200': { kind: 'credentials_invalid', message: 'the credentials lack the permission for this call' },
  '230': { kind: 'credentials_invalid', message: 'the credentials lack the pages_messaging permission' },
  '368': { kind: 'account_inactive', message: 'the page is temporarily blocked for policy violations' },
  // The standard messaging window (24 hours since the person last wrote; message tags aside).
  '10/2018278': {
    kind: 'outside_session_window',
    message: 'sent outside the allowed window: the person has not written in the last 24 hours',
  },
  '10/2018065': {
    kind: 'outside_session_window',
    message: 'sent outside the allowed window without the permission to do so',
  },
  // The recipient.
  '100/2018001': { kind: 'invalid_address', message: 'no matching user found for this PSID' },
  '10/2018108': { kind: 'blocked', message: 'this person is not receiving messages from the page right now' },
  '551': { kind: 'unreachable', message: 'this person is not available right now' },
  '551/1545041': { kind: 'unreachable', message: 'this person is not available right now' },
  '200/1545041': { kind: 'unreachable', message: 'message not sent: this person is not available right now' },
  '200/2018028': {
    kind: 'rejected',
    message: 'the app can only message its admins, developers and testers until pages_messaging is approved',
  },
  // Throttling: the channel pauses (the X-Business-Use-Case-Usage hint is honoured when sent).
  '4': { kind: 'rate_limited', message: 'the app reached its request limit' },
  '4/2018022': { kind: 'rate_limited', message: 'too many send requests' },
  '17': { kind: 'rate_limited', message: 'the user request limit was reached' },
  '32': { kind: 'rate_limited', message: 'the page request limit was reached' },
  '613': { kind: 'rate_limited', message: 'calls to this API have exceeded the rate limit' },
  '80006': { kind: 'rate_limited', message: 'the page reached the Messenger rate limit' },
  // Transient on Meta's side.
  '1200': { kind: 'provider_unavailable', message: 'temporary send message failure' },
  '1': { kind: 'provider_unavailable', message: 'an unknown error occurred' },
  '2': { kind: 'provider_unavailable', message: 'an unexpected error occurred; retry later' },
  // The message.
  '100': { kind: 'rejected', message: 'invalid parameter' },
  '100/2018109': { kind: 'content_rejected', message: 'the attachment is larger than Messenger allows' },
};
