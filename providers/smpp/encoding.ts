import { GSM_BASIC, GSM_EXTENSION } from '../../src/templates/measure-sms.js';

/**
 * Text to SMPP bytes, done here rather than by the `smpp` package: the package encodes GSM text
 * itself but labels it data_coding 1 (IA5), which a strict SMSC renders as ASCII. We send GSM 03.38
 * as data_coding 0 (the SMSC default alphabet) and anything else as UCS-2, data_coding 8 (SMPP 3.4
 * §5.2.19), choosing by the same character sets as the template preview (`measureSms`), so the parts sent
 * are the segments the user was shown.
 */

export const DATA_CODING_GSM = 0x00;
export const DATA_CODING_UCS2 = 0x08;
/** esm_class bit 6: the short message starts with a user data header (SMPP 3.4 §5.2.12). */
export const ESM_UDHI = 0x40;

// 3GPP TS 23.038 §6.2.1.1: the septet that follows the escape (0x1B) for each extension character.
const EXTENSION_CODES = [0x0a, 0x14, 0x28, 0x29, 0x2f, 0x3c, 0x3d, 0x3e, 0x40, 0x65];
const ESCAPE = 0x1b;
const TO_SEPTETS = new Map<string, number[]>();
for (const [i, ch] of [...GSM_BASIC].entries()) {
  // GSM_BASIC skips the escape slot (0x1B), so indices from 0x1B on are one higher.
  TO_SEPTETS.set(ch, [i >= ESCAPE ? i + 1 : i]);
}
for (const [i, ch] of [...GSM_EXTENSION].entries()) TO_SEPTETS.set(ch, [ESCAPE, EXTENSION_CODES[i]!]);
const FROM_SEPTET = new Map<number, string>();
for (const [ch, septets] of TO_SEPTETS) {
  if (septets.length === 1) FROM_SEPTET.set(septets[0]!, ch);
  else FROM_SEPTET.set(0x100 | septets[1]!, ch);
}

// Per UTF-16 code unit: its septet, 0x100 | its extension code (sent after the escape), or -1 when
// the unit is not in GSM 03.38 (every GSM character is one code unit).
const SEPTET_OF = new Int16Array(0x10000).fill(-1);
for (const [ch, septets] of TO_SEPTETS) {
  SEPTET_OF[ch.charCodeAt(0)] = septets.length === 1 ? septets[0]! : 0x100 | septets[1]!;
}

/**
 * The septets of a GSM 03.38 text in one pass (an extension character is the escape and its code);
 * null when it is not one. The same character sets as `measureSms`, so the same choice of alphabet.
 */
export function gsmSeptets(text: string): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const septet = SEPTET_OF[text.charCodeAt(i)]!;
    if (septet < 0) return null;
    if (septet > 0xff) out.push(ESCAPE, septet & 0x7f);
    else out.push(septet);
  }
  return out;
}

/** The septets of each character of a GSM 03.38 text (an extension character is two); null when it is not one. */
export function gsmCharacters(text: string): number[][] | null {
  const out: number[][] = [];
  for (const ch of text) {
    const septets = TO_SEPTETS.get(ch);
    if (!septets) return null;
    out.push(septets);
  }
  return out;
}

/** GSM 03.38 septets (one per octet) back to text; an unknown septet reads as a space. */
export function decodeGsmSeptets(septets: Uint8Array | number[]): string {
  let text = '';
  for (let i = 0; i < septets.length; i++) {
    const s = septets[i]! & 0x7f;
    if (s === ESCAPE && i + 1 < septets.length) {
      text += FROM_SEPTET.get(0x100 | (septets[++i]! & 0x7f)) ?? ' ';
      continue;
    }
    text += FROM_SEPTET.get(s) ?? ' ';
  }
  return text;
}

/**
 * Packs septets 7 bits each, least significant bit first (3GPP TS 23.038 §6.1.2.1), after
 * `fillBits` zero bits (the padding that puts the first septet on a septet boundary after a UDH).
 * When the last octet has 7 spare bits, they hold a CR so the receiver does not read an extra '@'
 * (§6.1.2.3.1).
 */
export function packSeptets(septets: number[], fillBits = 0): Buffer {
  let totalBits = fillBits + septets.length * 7;
  const padWithCr = totalBits % 8 === 1;
  if (padWithCr) totalBits += 7;
  const out = Buffer.alloc(Math.ceil(totalBits / 8));
  let bit = fillBits;
  const all = padWithCr ? [...septets, 0x0d] : septets;
  for (const septet of all) {
    for (let b = 0; b < 7; b++) {
      if ((septet >> b) & 1) out[bit >> 3]! |= 1 << (bit & 7);
      bit++;
    }
  }
  return out;
}

/** Reads `count` packed septets after `fillBits` (the inverse of packSeptets). */
export function unpackSeptets(bytes: Buffer, count: number, fillBits = 0): number[] {
  const out: number[] = [];
  let bit = fillBits;
  for (let i = 0; i < count && bit + 7 <= bytes.length * 8; i++) {
    let septet = 0;
    for (let b = 0; b < 7; b++) {
      if ((bytes[bit >> 3]! >> (bit & 7)) & 1) septet |= 1 << b;
      bit++;
    }
    out.push(septet);
  }
  return out;
}

/** UTF-16 big-endian, the byte order SMPP's UCS-2 (data_coding 8) uses. */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

export function decodeUcs2(bytes: Buffer): string {
  const even = bytes.length - (bytes.length % 2);
  return Buffer.from(bytes.subarray(0, even)).swap16().toString('utf16le');
}

export type LongMessageMode = 'udh' | 'sar' | 'payload';
export type EncodeOptions = {
  /** How a message longer than one SMS travels: UDH concatenation, sar_* TLVs, or one message_payload. */
  longMessages: LongMessageMode;
  /** Concatenation reference size in the UDH: 8 bits (IE 0x00) or 16 bits (IE 0x08). */
  referenceBits: 8 | 16;
  /** GSM septets packed 7 bits each, or one per octet (what most SMSCs expect over SMPP). */
  gsmPacking: 'unpacked' | 'packed';
};

/** One submit_sm's content. */
export type SubmitPart = {
  dataCoding: number;
  esmClass: number;
  shortMessage: Buffer;
  /** Optional parameters (sar_*, message_payload). */
  tlvs: Record<string, number | Buffer>;
  /** The SMS parts the SMSC will make of a message_payload (and bill), when it is one. */
  segments?: number;
};

const GSM_SINGLE = 160;
const UCS2_SINGLE = 70;

/**
 * The submit_sm contents of a text: one when it fits one SMS; otherwise one per part with a
 * concatenation UDH (the same `reference` on every part, 1-based sequence numbers; 3GPP TS 23.040
 * §9.2.3.24.1 and .8) or sar_msg_ref_num / sar_total_segments / sar_segment_seqnum (SMPP 3.4
 * §5.3.2.22–24), or one submit_sm carrying the whole text in message_payload (§5.3.2.32) for the
 * SMSC to split.
 */
export function encodeMessage(text: string, reference: number, options: EncodeOptions): SubmitPart[] {
  // One pass over the text (this runs for every message of a broadcast); the characters are only
  // grouped (an escape pair is never split) when the text needs several parts.
  const septets = gsmSeptets(text);
  const dataCoding = septets ? DATA_CODING_GSM : DATA_CODING_UCS2;
  const single = septets ? septets.length <= GSM_SINGLE : text.length <= UCS2_SINGLE;
  const encodePiece = (piece: { septets: number[] } | { text: string }, fillBits: number): Buffer =>
    'septets' in piece
      ? options.gsmPacking === 'packed'
        ? packSeptets(piece.septets, fillBits)
        : Buffer.from(piece.septets)
      : encodeUcs2(piece.text);
  const whole = septets ? { septets } : { text };

  if (single) {
    return [{ dataCoding, esmClass: 0, shortMessage: encodePiece(whole, 0), tlvs: {} }];
  }
  if (options.longMessages === 'payload') {
    return [
      {
        dataCoding,
        esmClass: 0,
        shortMessage: Buffer.alloc(0),
        tlvs: { message_payload: encodePiece(whole, 0) },
        // As the SMSC splits it for the handset: parts with a concatenation header.
        segments: septets
          ? splitGsm(gsmCharacters(text)!, Math.floor((140 - 6) * 8) / 7).length
          : splitUcs2(text, (140 - 6) / 2).length,
      },
    ];
  }
  // A part loses room to the UDH: 6 octets (8-bit reference) or 7 (16-bit). With sar_* TLVs the
  // SMSC adds that header itself, so parts keep the same room as with an 8-bit UDH.
  const udhOctets = options.longMessages === 'udh' && options.referenceBits === 16 ? 7 : 6;
  const pieces = septets
    ? splitGsm(gsmCharacters(text)!, Math.floor((140 - udhOctets) * 8) / 7)
    : splitUcs2(text, (140 - udhOctets) / 2);
  const total = pieces.length;
  const ref =
    options.longMessages === 'udh' && options.referenceBits === 8 ? reference & 0xff : reference & 0xffff;
  return pieces.map((piece, i): SubmitPart => {
    if (options.longMessages === 'sar') {
      return {
        dataCoding,
        esmClass: 0,
        shortMessage: encodePiece(piece, 0),
        tlvs: { sar_msg_ref_num: ref, sar_total_segments: total, sar_segment_seqnum: i + 1 },
      };
    }
    const udh =
      options.referenceBits === 16
        ? Buffer.from([0x06, 0x08, 0x04, ref >> 8, ref & 0xff, total, i + 1])
        : Buffer.from([0x05, 0x00, 0x03, ref, total, i + 1]);
    // Packed septets after a UDH start on the next septet boundary (TS 23.040 §9.2.3.24).
    const fill = (7 - ((udh.length * 8) % 7)) % 7;
    return {
      dataCoding,
      esmClass: ESM_UDHI,
      shortMessage: Buffer.concat([udh, encodePiece(piece, fill)]),
      tlvs: {},
    };
  });
}

/** Parts of at most `limit` septets; an escape sequence never straddles two parts. */
function splitGsm(chars: number[][], limit: number): { septets: number[] }[] {
  const max = Math.floor(limit);
  const parts: { septets: number[] }[] = [];
  let current: number[] = [];
  for (const septets of chars) {
    if (current.length + septets.length > max) {
      parts.push({ septets: current });
      current = [];
    }
    current.push(...septets);
  }
  if (current.length > 0) parts.push({ septets: current });
  return parts;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Parts of at most `limit` UTF-16 code units, cut between graphemes (an emoji, a letter and its
 * accents stay whole), as the segment count shown to the user assumes; a grapheme longer than a
 * part is cut between code points.
 */
function splitUcs2(text: string, limit: number): { text: string }[] {
  const parts: { text: string }[] = [];
  let current = '';
  const push = (piece: string) => {
    if (current.length + piece.length > limit && current.length > 0) {
      parts.push({ text: current });
      current = '';
    }
    current += piece;
  };
  for (const { segment } of segmenter.segment(text)) {
    if (segment.length <= limit) push(segment);
    else for (const point of segment) push(point);
  }
  if (current.length > 0) parts.push({ text: current });
  return parts;
}
