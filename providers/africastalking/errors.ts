import type { ErrorTable } from '../http/error-table.js';

/**
 * Africa's Talking's per-recipient `statusCode` in the SMS API's answer
 * (`SMSMessageData.Recipients[].statusCode`, https://developers.africastalking.com/docs/sms/sending):
 * 100 Processed, 101 Sent and 102 Queued are successes; every other code is a refusal of that
 * recipient, reported inside a 201. Each row has a test in tests/providers/africastalking-errors.test.ts.
 */
export const AT_SUCCESS_CODES: ReadonlySet<string> = new Set(['100', '101', '102']);

export const AT_ERRORS: ErrorTable = {
  // The account: the channel stops until verified again.
  '405': {
    kind: 'insufficient_balance',
    message: 'InsufficientBalance: the account has no SMS balance left',
  },
  // The recipient.
  '403': { kind: 'invalid_address', message: 'InvalidPhoneNumber: the number is not a valid phone number' },
  '404': { kind: 'unreachable', message: 'UnsupportedNumberType: the number cannot receive SMS' },
  '407': { kind: 'unreachable', message: 'CouldNotRoute: no route to this number' },
  // UserInBlacklist: the subscriber opted out of this sender (or of all promotional messages, e.g.
  // Safaricom's opt-out code): recorded as an opt-out, like an inbound STOP.
  '406': {
    kind: 'opted_out',
    message: 'UserInBlacklist: the recipient opted out of messages from this sender',
  },
  // Held or refused for this message.
  '401': {
    kind: 'blocked',
    message: "RiskHold: held by Africa's Talking's risk checks; contact their support",
  },
  '409': {
    kind: 'blocked',
    message: 'DoNotDisturbRejection: promotional sender ids may not send at this hour (Nigeria, NCC rules)',
  },
  '402': {
    kind: 'sender_invalid',
    message: 'InvalidSenderId: the sender id is not registered for this account',
  },
  '502': { kind: 'rejected', message: 'RejectedByGateway: the operator gateway refused the message' },
  // Transient on their side.
  '500': { kind: 'provider_unavailable', message: 'InternalServerError: the message will be retried' },
  '501': { kind: 'provider_unavailable', message: 'GatewayError: the message will be retried' },
};

/** The status names Africa's Talking writes beside the codes (also alone, when `Recipients` is empty). */
export const AT_STATUS_NAMES: Readonly<Record<string, string>> = {
  RiskHold: '401',
  InvalidSenderId: '402',
  InvalidPhoneNumber: '403',
  UnsupportedNumberType: '404',
  InsufficientBalance: '405',
  UserInBlacklist: '406',
  CouldNotRoute: '407',
  DoNotDisturbRejection: '409',
  InternalServerError: '500',
  GatewayError: '501',
  RejectedByGateway: '502',
};

/**
 * `failureReason` of a delivery report (given with `Rejected` and `Failed`), in the vendor's words
 * (https://developers.africastalking.com/docs/sms/notifications). Receipts do not need a class: a
 * failed receipt fails its message whatever the reason; these only explain it in `error_details`.
 */
export const AT_FAILURE_REASONS: Readonly<Record<string, string>> = {
  InsufficientCredit: 'the subscriber does not have enough airtime for a premium message',
  InvalidLinkId: 'the message was sent with an invalid linkId for an on-demand service',
  UserIsInactive: 'the subscriber is inactive or the account was deactivated by the operator',
  UserInBlackList: 'the subscriber blacklisted this service (shortcode or keyword)',
  UserAccountSuspended: 'the subscriber was suspended by the operator',
  NotNetworkSubcriber: 'the number does not belong to the operator the message was passed to',
  UserNotSubscribedToProduct: 'the number has not subscribed to this subscription product',
  UserDoesNotExist: 'the number does not exist',
  DeliveryFailure: 'delivery failed for a reason the operator did not give',
  DoNotDisturbRejection: 'promotional sender ids may not send at this hour (Nigeria)',
};
