import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { measureSms } from '../../src/templates/index.js';

describe('measureSms segment table', () => {
  it.each([
    ['empty', '', 'GSM-7', 1, 0],
    ['160 GSM characters', 'a'.repeat(160), 'GSM-7', 1, 160],
    ['161 GSM characters', 'a'.repeat(161), 'GSM-7', 2, 161],
    ['306 GSM characters (2 × 153)', 'a'.repeat(306), 'GSM-7', 2, 306],
    ['307 GSM characters', 'a'.repeat(307), 'GSM-7', 3, 307],
    ['80 € (2 septets each)', '€'.repeat(80), 'GSM-7', 1, 80],
    ['81 €', '€'.repeat(81), 'GSM-7', 2, 81],
    ['159 letters and one [', `${'a'.repeat(159)}[`, 'GSM-7', 2, 160],
    ['every extension character', '€[]{}^~|\\', 'GSM-7', 1, 9],
    ['GSM accents and Greek', 'àÇÉΔΩ£¥§¿', 'GSM-7', 1, 9],
    ['70 UCS-2 characters', 'ж'.repeat(70), 'UCS-2', 1, 70],
    ['71 UCS-2 characters', 'ж'.repeat(71), 'UCS-2', 2, 71],
    ['134 UCS-2 characters (2 × 67)', 'ж'.repeat(134), 'UCS-2', 2, 134],
    ['135 UCS-2 characters', 'ж'.repeat(135), 'UCS-2', 3, 135],
    ['35 emoji (70 code units)', '😀'.repeat(35), 'UCS-2', 1, 35],
    ['36 emoji (72 code units)', '😀'.repeat(36), 'UCS-2', 2, 36],
    ['one emoji in GSM text', `${'a'.repeat(69)}😀`, 'UCS-2', 2, 70],
    ['a non-GSM accent makes UCS-2', `${'a'.repeat(69)}ê`, 'UCS-2', 1, 70],
    ['Amharic', 'ሰላም አበበ፣ ቀጠሮዎ ነገ ነው።', 'UCS-2', 1, 20],
    ['flag and skin tone (grapheme-aware)', '🇪🇹 👍🏽', 'UCS-2', 1, 5],
  ])('%s', (_label, body, encoding, segments, characters) => {
    expect(measureSms(body)).toEqual({ encoding, segments, characters });
  });
});

describe('measureSms agrees with sms-segments-calculator', () => {
  it('for every single BMP character', () => {
    const mismatches: string[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      const text = String.fromCharCode(unit);
      const ours = measureSms(text);
      const theirs = new SegmentedMessage(text);
      if (ours.encoding !== theirs.encodingName || ours.segments !== theirs.segmentsCount) {
        mismatches.push(unit.toString(16));
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('for mixed texts around every segment boundary', () => {
    const gsm = [...'abc XYZ 019 €[]{}^~|\\\n\r'];
    const wide = [...'ሰላምпривет你好مرحبا', 'é', '😀', '🎉'];
    const joined = ['e\u0301', '👍🏽', '🇪🇹', '👨‍👩‍👧', 'नमस्ते', '\u1100\u1161', '❤️', '\u{1D11E}'];
    // A deterministic generator keeps a failure reproducible.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 600; i++) {
      const pool = i % 3 === 0 ? gsm : i % 3 === 1 ? [...gsm, ...wide] : [...gsm, ...wide, ...joined];
      const length = 60 + Math.floor(random() * 260);
      let text = '';
      while (text.length < length) text += pool[Math.floor(random() * pool.length)];
      const ours = measureSms(text);
      const theirs = new SegmentedMessage(text);
      if (
        ours.encoding !== theirs.encodingName ||
        ours.segments !== theirs.segmentsCount ||
        ours.characters !== theirs.numberOfUnicodeScalars
      ) {
        mismatches.push(JSON.stringify(text));
      }
    }
    expect(mismatches).toEqual([]);
  });
});
