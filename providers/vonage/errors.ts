import type { ErrorTable } from '../http/error-table.js';

/**
 * The SMS API's `status` per message part (https://developer.vonage.com/messaging/sms/guides/troubleshooting-sms,
 * the `x-errors` of Vonage's OpenAPI definition `sms.yml`): "0" is success, anything else a refusal
 * of that part, inside an HTTP 200. Codes not listed fall back to `rejected`. Each row has a test in
 * tests/providers/vonage-errors.test.ts.
 */
export const VONAGE_ERRORS: ErrorTable = {
  // Throttling: the channel pauses. 10 "Too Many Existing Binds: back-off and retry".
  '1': { kind: 'rate_limited', message: 'Throttled: sending faster than the account limit' },
  '10': { kind: 'rate_limited', message: 'Too Many Existing Binds: back off and retry' },
  // The account: the channel stops until verified again.
  '4': {
    kind: 'credentials_invalid',
    message: 'Invalid Credentials: the API key or secret is wrong or disabled',
  },
  '14': {
    kind: 'credentials_invalid',
    message: 'Invalid Signature: the request signature could not be verified',
  },
  '32': {
    kind: 'credentials_invalid',
    message: 'Signature And API Secret Disallowed: this account requires signed requests',
  },
  '8': { kind: 'account_inactive', message: 'Partner Account Barred: the Vonage account is suspended' },
  '11': {
    kind: 'account_inactive',
    message: 'Account Not Enabled For HTTP: the account is not provisioned for the SMS API',
  },
  '9': {
    kind: 'insufficient_balance',
    message: 'Partner Quota Violation: not enough credit to send the message',
  },
  // Transient on their side.
  '5': { kind: 'provider_unavailable', message: 'Internal Error: the message will be retried' },
  // The recipient.
  '6': { kind: 'invalid_address', message: 'Invalid Message: the number prefix is not recognized' },
  '7': { kind: 'blocked', message: 'Number Barred: the number is blacklisted and may not receive messages' },
  '33': { kind: 'unreachable', message: 'Number De-activated: the number may not receive messages' },
  '29': {
    kind: 'unreachable',
    message: 'Non-Whitelisted Destination: a demo account only sends to its whitelisted numbers',
  },
  // The sender, the content, the request.
  '15': { kind: 'sender_invalid', message: 'Invalid Sender Address: this sender id is not authorized here' },
  '12': { kind: 'content_rejected', message: 'Message Too Long: the message exceeds the maximum length' },
  '2': { kind: 'rejected', message: 'Missing Parameters: a required parameter is missing' },
  '3': { kind: 'rejected', message: 'Invalid Parameters: a parameter value is invalid' },
  '22': {
    kind: 'rejected',
    message: 'Invalid Network Code: the network code does not match the destination',
  },
  '23': {
    kind: 'rejected',
    message: 'Invalid Callback Url: the delivery receipt URL is too long or malformed',
  },
};

/**
 * A delivery receipt's `err-code` (https://developer.vonage.com/messaging/sms/guides/delivery-receipts):
 * "0" delivered, anything else why it was not. Receipts need no class (a failed receipt fails its
 * message whatever the code); these words explain it in `error_details`.
 */
/** The delivery receipt err-code of a recipient who asked not to receive messages from the service. */
export const VONAGE_DLR_OPTED_OUT = '9';

export const VONAGE_DLR_ERRORS: Readonly<Record<string, string>> = {
  '1': 'Unknown: not delivered, and no reason could be determined',
  '2': 'Absent Subscriber - Temporary: the handset was temporarily unavailable',
  '3': 'Absent Subscriber - Permanent: the number is no longer active',
  '4': 'Call Barred by User: the number is barred from receiving messages',
  '5': 'Portability Error: an issue with the portability of the number',
  '6': "Anti-Spam Rejection: blocked by a carrier's anti-spam filter",
  '7': 'Handset Busy: the handset was not available',
  '8': 'Network Error: the message failed on the network',
  '9': 'Illegal Number: the user asked not to receive messages from this service',
  '10': 'Illegal Message: an error in a message parameter (e.g. the encoding)',
  '11': 'Unroutable: no suitable route to deliver the message',
  '12': 'Destination Unreachable: no route to the number',
  '13': 'Subscriber Age Restriction: the recipient cannot receive this message due to their age',
  '14': 'Number Blocked by Carrier: SMS is not enabled on the recipient plan',
  '15': 'Prepaid Insufficient Funds: the prepaid recipient lacks credit to receive it',
  '99': 'General Error: typically an error in the route',
};
