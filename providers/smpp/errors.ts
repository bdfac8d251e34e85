import type { ProviderError } from '../../src/errors.js';
import { type ProviderErrorKind, providerError } from '../errors.js';

type Rule = { name: string; kind: ProviderErrorKind; message: string };

/**
 * SMPP 3.4 command_status values (§5.1.3) an SMSC answers to bind and submit_sm, and our class for
 * each. Throttling (ESME_RTHROTTLED, ESME_RMSGQFUL) is a pause of the whole channel, never a drop;
 * bind refusals put the channel in `error` until a bind or a verify succeeds.
 */
export const SMPP_STATUS: Readonly<Record<number, Rule>> = {
  1: { name: 'ESME_RINVMSGLEN', kind: 'rejected', message: 'message length is invalid' },
  2: { name: 'ESME_RINVCMDLEN', kind: 'rejected', message: 'command length is invalid' },
  3: { name: 'ESME_RINVCMDID', kind: 'rejected', message: 'invalid command id' },
  4: {
    name: 'ESME_RINVBNDSTS',
    kind: 'provider_connection_failed',
    message: 'incorrect bind status for the command',
  },
  5: { name: 'ESME_RALYBND', kind: 'provider_unavailable', message: 'already in bound state' },
  6: { name: 'ESME_RINVPRTFLG', kind: 'rejected', message: 'invalid priority flag' },
  7: { name: 'ESME_RINVREGDLVFLG', kind: 'rejected', message: 'invalid registered delivery flag' },
  8: { name: 'ESME_RSYSERR', kind: 'provider_unavailable', message: 'system error at the SMSC' },
  10: { name: 'ESME_RINVSRCADR', kind: 'sender_invalid', message: 'invalid source address' },
  11: { name: 'ESME_RINVDSTADR', kind: 'invalid_address', message: 'invalid destination address' },
  12: { name: 'ESME_RINVMSGID', kind: 'rejected', message: 'message id is invalid' },
  13: {
    name: 'ESME_RBINDFAIL',
    kind: 'credentials_invalid',
    message: 'the SMSC refused the bind (check the credentials, system_type and allowed binds)',
  },
  14: {
    name: 'ESME_RINVPASWD',
    kind: 'credentials_invalid',
    message: 'invalid password: credentials refused',
  },
  15: {
    name: 'ESME_RINVSYSID',
    kind: 'credentials_invalid',
    message: 'invalid system_id: credentials refused',
  },
  17: { name: 'ESME_RCANCELFAIL', kind: 'rejected', message: 'cancel failed' },
  19: { name: 'ESME_RREPLACEFAIL', kind: 'rejected', message: 'replace failed' },
  20: { name: 'ESME_RMSGQFUL', kind: 'rate_limited', message: 'message queue full at the SMSC' },
  21: { name: 'ESME_RINVSERTYP', kind: 'rejected', message: 'invalid service type' },
  51: { name: 'ESME_RINVNUMDESTS', kind: 'rejected', message: 'invalid number of destinations' },
  52: { name: 'ESME_RINVDLNAME', kind: 'rejected', message: 'invalid distribution list name' },
  64: { name: 'ESME_RINVDESTFLAG', kind: 'rejected', message: 'invalid destination flag' },
  66: { name: 'ESME_RINVSUBREP', kind: 'rejected', message: "invalid 'submit with replace' request" },
  67: { name: 'ESME_RINVESMCLASS', kind: 'rejected', message: 'invalid esm_class' },
  68: { name: 'ESME_RCNTSUBDL', kind: 'rejected', message: 'cannot submit to a distribution list' },
  69: { name: 'ESME_RSUBMITFAIL', kind: 'provider_unavailable', message: 'submit failed at the SMSC' },
  72: { name: 'ESME_RINVSRCTON', kind: 'sender_invalid', message: 'invalid source address TON' },
  73: { name: 'ESME_RINVSRCNPI', kind: 'sender_invalid', message: 'invalid source address NPI' },
  80: { name: 'ESME_RINVDSTTON', kind: 'invalid_address', message: 'invalid destination address TON' },
  81: { name: 'ESME_RINVDSTNPI', kind: 'invalid_address', message: 'invalid destination address NPI' },
  83: {
    name: 'ESME_RINVSYSTYP',
    kind: 'credentials_invalid',
    message: 'invalid system_type: bind refused',
  },
  84: { name: 'ESME_RINVREPFLAG', kind: 'rejected', message: 'invalid replace_if_present flag' },
  85: { name: 'ESME_RINVNUMMSGS', kind: 'rejected', message: 'invalid number of messages' },
  88: { name: 'ESME_RTHROTTLED', kind: 'rate_limited', message: 'throttled: too many messages' },
  97: { name: 'ESME_RINVSCHED', kind: 'rejected', message: 'invalid scheduled delivery time' },
  98: { name: 'ESME_RINVEXPIRY', kind: 'rejected', message: 'invalid validity period' },
  99: { name: 'ESME_RINVDFTMSGID', kind: 'rejected', message: 'invalid predefined message id' },
  100: { name: 'ESME_RX_T_APPN', kind: 'provider_unavailable', message: 'temporary application error' },
  101: { name: 'ESME_RX_P_APPN', kind: 'rejected', message: 'permanent application error' },
  102: { name: 'ESME_RX_R_APPN', kind: 'content_rejected', message: 'message rejected by the application' },
  103: { name: 'ESME_RQUERYFAIL', kind: 'rejected', message: 'query failed' },
  192: { name: 'ESME_RINVOPTPARSTREAM', kind: 'rejected', message: 'error in the optional parameters' },
  193: { name: 'ESME_ROPTPARNOTALLWD', kind: 'rejected', message: 'optional parameter not allowed' },
  194: { name: 'ESME_RINVPARLEN', kind: 'rejected', message: 'invalid parameter length' },
  195: { name: 'ESME_RMISSINGOPTPARAM', kind: 'rejected', message: 'expected optional parameter missing' },
  196: { name: 'ESME_RINVOPTPARAMVAL', kind: 'rejected', message: 'invalid optional parameter value' },
  254: { name: 'ESME_RDELIVERYFAILURE', kind: 'unreachable', message: 'delivery failure' },
  255: { name: 'ESME_RUNKNOWNERR', kind: 'provider_unavailable', message: 'unknown error at the SMSC' },
};

/** True for the statuses that mean "slow down": the SMSC did not take the PDU, and will later. */
export function isThrottleStatus(status: number): boolean {
  return status === 0x58 || status === 0x14;
}

/** The name of a command_status (ESME_R...), or its hex value when it is not in SMPP 3.4. */
export function statusName(status: number): string {
  return SMPP_STATUS[status]?.name ?? `0x${status.toString(16).padStart(8, '0')}`;
}

/**
 * The ProviderError of a command_status other than ESME_ROK. A code outside the table (the
 * 0x400–0x4FF range is SMSC vendor specific) is retried: nothing says the message is at fault.
 */
export function smppStatusError(
  status: number,
  extra: { retryAfterMs?: number | undefined } = {},
): ProviderError {
  const rule = SMPP_STATUS[status];
  const name = statusName(status);
  const kind = rule?.kind ?? 'provider_unavailable';
  return providerError(kind, `SMPP: ${rule?.message ?? 'the SMSC answered with an error'} (${name})`, {
    providerCode: name,
    retryAfterMs: extra.retryAfterMs,
  });
}
