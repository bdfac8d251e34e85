import type { DeliveryStatus, StatusEvent } from '../types.js';
import { decodeUcs2, gsmCharacters } from './encoding.js';

/** How an SMSC writes message ids: opaque text, or a number in hexadecimal or decimal. */
export type IdFormat = 'string' | 'hex' | 'decimal';

/**
 * The canonical form of an SMSC message id: the id as given for `string`; for numbers, lower-case
 * hexadecimal or decimal without leading zeros. Real SMSCs answer submit_sm with a hex id and put
 * the same number in decimal in the receipt text (Kannel's `msg-id-type` exists for that), so a
 * receipt's id is converted into the form of submit_sm_resp ids before it is matched.
 */
export function normalizeId(raw: string, format: IdFormat): string {
  const id = raw.trim();
  if (format === 'hex' && /^[0-9a-f]+$/i.test(id)) return BigInt(`0x${id}`).toString(16);
  if (format === 'decimal' && /^\d+$/.test(id)) return BigInt(id).toString(10);
  return id;
}

/** A receipt's id written as `from`, in the canonical form of ids written as `to`. */
export function convertId(raw: string, from: IdFormat, to: IdFormat): string {
  const id = raw.trim();
  if (from === 'string' || to === 'string' || from === to)
    return normalizeId(id, to === 'string' ? from : to);
  const valid = from === 'hex' ? /^[0-9a-f]+$/i.test(id) : /^\d+$/.test(id);
  if (!valid) return id;
  const value = from === 'hex' ? BigInt(`0x${id}`) : BigInt(id);
  return value.toString(to === 'hex' ? 16 : 10);
}

/**
 * What a deliver_sm carries, by esm_class bits 2–5 (SMPP 3.4 §5.2.12): a message from a handset
 * (type 0), an SMSC delivery receipt (0x04) or intermediate delivery notification (0x20), both read as
 * receipts, or an acknowledgement (SME delivery ack 0x08, manual/user ack 0x10, conversation abort
 * 0x18, reserved types), which is neither a message nor a receipt of ours.
 */
export function deliverKind(esmClass: number): 'message' | 'receipt' | 'acknowledgement' {
  const type = esmClass & 0x3c;
  if (type === 0) return 'message';
  return type === 0x04 || type === 0x20 ? 'receipt' : 'acknowledgement';
}

// message_state values (SMPP 3.4 §5.2.28) and the receipt text's `stat:` words (Appendix B).
const STATES: Record<number, { word: string; status: DeliveryStatus }> = {
  1: { word: 'ENROUTE', status: 'sent' },
  2: { word: 'DELIVRD', status: 'delivered' },
  3: { word: 'EXPIRED', status: 'failed' },
  4: { word: 'DELETED', status: 'failed' },
  5: { word: 'UNDELIV', status: 'failed' },
  // ACCEPTD is final but says nothing about the handset: kept, ignored.
  6: { word: 'ACCEPTD', status: 'unknown' },
  7: { word: 'UNKNOWN', status: 'unknown' },
  8: { word: 'REJECTD', status: 'failed' },
};
const BY_WORD = new Map(Object.values(STATES).map((s) => [s.word, s.status]));

// Field names are matched loosely: SMSCs write `submit date:` or `submitdate:`, any case. Compiled
// once: a receipt stream parses thousands of these a second.
const RECEIPT_FIELDS = {
  id: /(?:^|\s)id:\s*(\S+)/i,
  stat: /(?:^|\s)stat:\s*(\S+)/i,
  err: /(?:^|\s)err:\s*(\S+)/i,
};

/** The fields of a receipt text `id:... sub:... dlvrd:... submit date:... done date:... stat:... err:... text:...`. */
export function parseReceiptText(text: string): { id?: string; stat?: string; err?: string } {
  const id = RECEIPT_FIELDS.id.exec(text)?.[1];
  const stat = RECEIPT_FIELDS.stat.exec(text)?.[1];
  const err = RECEIPT_FIELDS.err.exec(text)?.[1];
  return { ...(id ? { id } : {}), ...(stat ? { stat } : {}), ...(err ? { err } : {}) };
}

export type ReceiptFields = {
  text: string;
  receiptedMessageId?: string | undefined;
  messageState?: number | undefined;
  networkErrorCode?: Buffer | undefined;
};

/**
 * A delivery receipt as a StatusEvent, or null when it names no message. The TLVs win over the text
 * (receipted_message_id and message_state are the structured form of the same facts). The text's id
 * is converted from the receipt form into the form submit_sm_resp ids take; receipted_message_id is
 * that form already ("the message_id ... returned in the SMPP response PDU", SMPP 3.4 §5.3.2.12).
 * The error is the text's `err:` or the network_error_code TLV (network type, then a 2-octet code).
 */
export function parseReceipt(
  fields: ReceiptFields,
  ids: { receipt: IdFormat; submit: IdFormat },
  now = new Date(),
): StatusEvent | null {
  const text = parseReceiptText(fields.text);
  const tlvId = fields.receiptedMessageId?.trim();
  const providerMessageId = tlvId
    ? normalizeId(tlvId, ids.submit)
    : text.id
      ? convertId(text.id, ids.receipt, ids.submit)
      : undefined;
  if (!providerMessageId) return null;
  const state = fields.messageState !== undefined ? STATES[fields.messageState] : undefined;
  const word = state?.word ?? text.stat?.toUpperCase() ?? 'UNKNOWN';
  const status: DeliveryStatus = state?.status ?? BY_WORD.get(word) ?? 'unknown';
  const network =
    fields.networkErrorCode && fields.networkErrorCode.length >= 3
      ? `network:${fields.networkErrorCode[0]}:${fields.networkErrorCode.readUInt16BE(1)}`
      : undefined;
  const errorCode = text.err && !/^0+$/.test(text.err) ? text.err : network;
  return {
    providerMessageId,
    status,
    occurredAt: now,
    providerStatus: word,
    ...(status === 'failed' && errorCode ? { errorCode, errorMessage: `SMSC receipt ${word}` } : {}),
  };
}

/** The concatenation facts of one MO part: reference, total parts, this part's 1-based number. */
export type Concatenation = { reference: number; total: number; sequence: number };

/** Reads the concatenation IE of a UDH (0x00: 8-bit reference, 0x08: 16-bit; TS 23.040 §9.2.3.24). */
export function concatenationFromUdh(elements: Buffer[]): Concatenation | null {
  for (const ie of elements) {
    if (ie[0] === 0x00 && ie[1] === 3 && ie.length >= 5)
      return { reference: ie[2]!, total: ie[3]!, sequence: ie[4]! };
    if (ie[0] === 0x08 && ie[1] === 4 && ie.length >= 6) {
      return { reference: ie.readUInt16BE(2), total: ie[4]!, sequence: ie[5]! };
    }
  }
  return null;
}

/**
 * The text of a mobile-originated short message as the `smpp` package decoded it. The package reads
 * data_coding 0 and 1 with its GSM 03.38 table (one septet per octet), 8 as UCS-2 and 3 as Latin-1.
 * For IA5 (data_coding 1, ASCII) the GSM reading is undone: every octet below 0x80 maps to one GSM
 * character and back, so the original octets are recovered and read as ASCII.
 */
export function moText(message: unknown, dataCoding: number): string {
  if (Buffer.isBuffer(message)) {
    // An encoding the package does not read: UCS-2 by its label, else Latin-1 (never lost, maybe odd).
    return (dataCoding & 0x0f) === 0x08 ? decodeUcs2(message) : message.toString('latin1');
  }
  const text = typeof message === 'string' ? message : '';
  if ((dataCoding & 0x0f) !== 0x01) return text;
  const septets = gsmCharacters(text);
  if (!septets) return text;
  return Buffer.from(septets.flat()).toString('ascii');
}
