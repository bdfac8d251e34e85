import { describe, expect, it } from 'vitest';
import { SMPP_STATUS, smppStatusError } from '../../providers/smpp/errors.js';

// The class of each SMPP 3.4 command_status (§5.1.3), stated here rather than read back from the table.
const EXPECTED: [number, string, string, boolean][] = [
  [0x01, 'ESME_RINVMSGLEN', 'rejected', false],
  [0x02, 'ESME_RINVCMDLEN', 'rejected', false],
  [0x03, 'ESME_RINVCMDID', 'rejected', false],
  [0x04, 'ESME_RINVBNDSTS', 'provider_connection_failed', true],
  [0x05, 'ESME_RALYBND', 'provider_unavailable', true],
  [0x06, 'ESME_RINVPRTFLG', 'rejected', false],
  [0x07, 'ESME_RINVREGDLVFLG', 'rejected', false],
  [0x08, 'ESME_RSYSERR', 'provider_unavailable', true],
  [0x0a, 'ESME_RINVSRCADR', 'sender_invalid', false],
  [0x0b, 'ESME_RINVDSTADR', 'invalid_address', false],
  [0x0c, 'ESME_RINVMSGID', 'rejected', false],
  [0x0d, 'ESME_RBINDFAIL', 'credentials_invalid', false],
  [0x0e, 'ESME_RINVPASWD', 'credentials_invalid', false],
  [0x0f, 'ESME_RINVSYSID', 'credentials_invalid', false],
  [0x11, 'ESME_RCANCELFAIL', 'rejected', false],
  [0x13, 'ESME_RREPLACEFAIL', 'rejected', false],
  [0x14, 'ESME_RMSGQFUL', 'rate_limited', true],
  [0x15, 'ESME_RINVSERTYP', 'rejected', false],
  [0x33, 'ESME_RINVNUMDESTS', 'rejected', false],
  [0x34, 'ESME_RINVDLNAME', 'rejected', false],
  [0x40, 'ESME_RINVDESTFLAG', 'rejected', false],
  [0x42, 'ESME_RINVSUBREP', 'rejected', false],
  [0x43, 'ESME_RINVESMCLASS', 'rejected', false],
  [0x44, 'ESME_RCNTSUBDL', 'rejected', false],
  [0x45, 'ESME_RSUBMITFAIL', 'provider_unavailable', true],
  [0x48, 'ESME_RINVSRCTON', 'sender_invalid', false],
  [0x49, 'ESME_RINVSRCNPI', 'sender_invalid', false],
  [0x50, 'ESME_RINVDSTTON', 'invalid_address', false],
  [0x51, 'ESME_RINVDSTNPI', 'invalid_address', false],
  [0x53, 'ESME_RINVSYSTYP', 'credentials_invalid', false],
  [0x54, 'ESME_RINVREPFLAG', 'rejected', false],
  [0x55, 'ESME_RINVNUMMSGS', 'rejected', false],
  [0x58, 'ESME_RTHROTTLED', 'rate_limited', true],
  [0x61, 'ESME_RINVSCHED', 'rejected', false],
  [0x62, 'ESME_RINVEXPIRY', 'rejected', false],
  [0x63, 'ESME_RINVDFTMSGID', 'rejected', false],
  [0x64, 'ESME_RX_T_APPN', 'provider_unavailable', true],
  [0x65, 'ESME_RX_P_APPN', 'rejected', false],
  [0x66, 'ESME_RX_R_APPN', 'content_rejected', false],
  [0x67, 'ESME_RQUERYFAIL', 'rejected', false],
  [0xc0, 'ESME_RINVOPTPARSTREAM', 'rejected', false],
  [0xc1, 'ESME_ROPTPARNOTALLWD', 'rejected', false],
  [0xc2, 'ESME_RINVPARLEN', 'rejected', false],
  [0xc3, 'ESME_RMISSINGOPTPARAM', 'rejected', false],
  [0xc4, 'ESME_RINVOPTPARAMVAL', 'rejected', false],
  [0xfe, 'ESME_RDELIVERYFAILURE', 'unreachable', false],
  [0xff, 'ESME_RUNKNOWNERR', 'provider_unavailable', true],
];

describe('smpp command_status table', () => {
  it('has a row for every status listed here and no other', () => {
    expect(
      Object.keys(SMPP_STATUS)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(EXPECTED.map(([s]) => s));
  });

  for (const [status, name, kind, retryable] of EXPECTED) {
    it(`${name} (0x${status.toString(16)}) is ${kind}`, () => {
      const error = smppStatusError(status);
      expect(error.code).toBe(kind);
      expect(error.retryable).toBe(retryable);
      expect(error.details.providerCode).toBe(name);
      expect(error.message).toContain(name);
    });
  }

  it('retries a vendor-specific status it does not know, naming it in hex', () => {
    const error = smppStatusError(0x401);
    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(error.details.providerCode).toBe('0x00000401');
  });
});
