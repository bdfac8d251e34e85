import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/**
 * `characters` counts Unicode code points (an emoji is 1 character but 2 UCS-2 code units);
 * `segments` is how many SMS parts a provider bills.
 */
export type SmsMeasure = { encoding: SmsEncoding; segments: number; characters: number };

/** GSM 03.38 default alphabet: a character's index is its septet. */
export const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table characters (escape 0x1B, then a septet of their own: two septets). */
export const GSM_EXTENSION = '\f^{}\\[~]|€';
const SEPTETS = new Uint8Array(0x10000);
for (const ch of GSM_BASIC) SEPTETS[ch.charCodeAt(0)] = 1;
for (const ch of GSM_EXTENSION) SEPTETS[ch.charCodeAt(0)] = 2;

// A 140-octet SMS holds 160 septets or 70 UCS-2 code units; a part of a concatenated message loses
// 6 octets to the user data header: 153 septets or 67 code units.
const GSM_SINGLE = 160;
const GSM_PART = 153;
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

/**
 * Characters that can join their neighbours into one grapheme (combining marks, joiners, variation
 * selectors, Hangul jamo, skin tones, flags, prepend and spacing marks that are letters, lone
 * surrogates, and astral planes other than the common emoji block). Parts never split a grapheme,
 * so such text is left to the library; everything else is measured here in one pass.
 */
const GRAPHEME_SENSITIVE =
  /[\p{M}\p{Cf}\p{Cs}\u0D4E\u0E33\u0EB3\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\uFF9E\uFF9F]|[\u{10000}-\u{1EFFF}\u{1FB00}-\u{10FFFF}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}]/u;

/**
 * Encoding, segment count and length of an SMS body. GSM-7 extension characters
 * (`€ [ ] { } ^ ~ | \` and form feed) take two septets; any other character outside GSM-7 makes
 * the whole message UCS-2. The results equal `sms-segments-calculator` (Twilio's rules: a part
 * never splits an escape sequence or a grapheme); common texts take a fast path because the
 * library builds objects per character and manages only a few thousand messages a second.
 */
export function measureSms(body: string): SmsMeasure {
  let septets = 0;
  let characters = 0;
  let gsm = true;
  for (let i = 0; i < body.length; i++) {
    const unit = body.charCodeAt(i);
    characters++;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < body.length) {
      const next = body.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      gsm = false;
      continue;
    }
    const width = SEPTETS[unit]!;
    if (width === 0) gsm = false;
    septets += width;
  }
  if (gsm) return { encoding: 'GSM-7', segments: countGsmSegments(body, septets), characters };
  if (GRAPHEME_SENSITIVE.test(body)) return measureWithLibrary(body, characters);
  return { encoding: 'UCS-2', segments: countUcs2Segments(body), characters };
}

function countGsmSegments(body: string, septets: number): number {
  if (septets <= GSM_SINGLE) return 1;
  let segments = 1;
  let used = 0;
  for (let i = 0; i < body.length; i++) {
    const width = SEPTETS[body.charCodeAt(i)]!;
    // An escape sequence is never split across two parts.
    if (used + width > GSM_PART) {
      segments++;
      used = 0;
    }
    used += width;
  }
  return segments;
}

/** Code units per part; a surrogate pair (an emoji) stays in one part. */
function countUcs2Segments(body: string): number {
  if (body.length <= UCS2_SINGLE) return 1;
  let segments = 1;
  let used = 0;
  for (let i = 0; i < body.length; i++) {
    const unit = body.charCodeAt(i);
    const width = unit >= 0xd800 && unit <= 0xdbff && i + 1 < body.length ? 2 : 1;
    if (used + width > UCS2_PART) {
      segments++;
      used = 0;
    }
    used += width;
    i += width - 1;
  }
  return segments;
}

/**
 * Longer grapheme-sensitive bodies skip the library: it joins its grapheme list with
 * `Array.concat` in a loop, quadratic in the length (100,000 combining characters took 14 s of
 * blocked event loop, reachable from a template preview). Twilio caps a body at 1,600 characters.
 */
const LIBRARY_MAX_LENGTH = 2_000;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Intl.Segmenter also slows down superlinearly on long inputs (100,000 characters: seconds), so it
// reads windows of this size.
const WINDOW = 1024;
const SEGMENT_BITS = 1120;
const HEADER_BITS = 48;

/**
 * The graphemes of `body`, segmenting a window at a time. A window's last grapheme may go on past
 * the window's end, so it is read again at the start of the next window (every earlier boundary
 * depends only on characters inside the window); a window holding a single grapheme is widened.
 */
function* graphemesOf(body: string): Generator<string> {
  let start = 0;
  let size = WINDOW;
  while (start < body.length) {
    let end = Math.min(body.length, start + size);
    const unit = body.charCodeAt(end - 1);
    if (end < body.length && unit >= 0xd800 && unit <= 0xdbff) end++;
    const parts = Array.from(segmenter.segment(body.slice(start, end)), (s) => s.segment);
    if (end === body.length) {
      yield* parts;
      return;
    }
    if (parts.length === 1) {
      size *= 2;
      continue;
    }
    const last = parts.pop()!;
    yield* parts;
    start = end - last.length;
    size = WINDOW;
  }
}

function measureWithLibrary(body: string, characters: number): SmsMeasure {
  if (body.length > LIBRARY_MAX_LENGTH) {
    return { encoding: 'UCS-2', segments: countGraphemeSegments(body), characters };
  }
  const message = new SegmentedMessage(body);
  return { encoding: message.encodingName, segments: message.segmentsCount, characters };
}

/**
 * The library's UCS-2 segmentation in one linear pass: graphemes (a CR LF pair counts as two) of
 * 16 bits per code unit fill 1,120-bit parts; at the first overflow the first part takes its 48-bit
 * header and hands its last graphemes to the second; a grapheme that fits nowhere opens a part anyway.
 */
function countGraphemeSegments(body: string): number {
  const first: number[] = [];
  let firstBits = 0;
  let onFirst = true;
  let currentBits = 0;
  let segments = 1;
  const add = (bits: number) => {
    if ((onFirst ? SEGMENT_BITS - firstBits : SEGMENT_BITS - currentBits) < bits) {
      segments++;
      currentBits = HEADER_BITS;
      if (onFirst) {
        onFirst = false;
        firstBits += HEADER_BITS;
        while (firstBits > SEGMENT_BITS) {
          const moved = first.pop()!;
          firstBits -= moved;
          currentBits += moved;
        }
      }
    }
    if (onFirst) {
      first.push(bits);
      firstBits += bits;
    } else {
      currentBits += bits;
    }
  };
  for (const segment of graphemesOf(body)) {
    if (segment === '\r\n') {
      add(16);
      add(16);
    } else {
      add(16 * segment.length);
    }
  }
  return segments;
}
