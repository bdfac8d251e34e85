import { SegmentedMessage } from 'sms-segments-calculator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSms } from '../../src/templates/index.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// sms-segments-calculator is quadratic on grapheme-heavy text: one preview of a 100,000-character
// body held the event loop for seconds (combining accents) to minutes (one long combining run).
// Long bodies are now measured in one linear pass that must give the library's answer.

describe('measureSms on long grapheme-heavy bodies', () => {
  it('agrees with sms-segments-calculator past the length where the library is skipped', () => {
    const pieces = [
      'a',
      ' ',
      '\r\n',
      'ж',
      '😀',
      'e\u0301',
      '👍🏽',
      '🇪🇹',
      '👨‍👩‍👧',
      'नमस्ते',
      '\u1100\u1161',
      `Z${'\u0301'.repeat(90)}`,
    ];
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 60; i++) {
      const length = 2_001 + Math.floor(random() * 2_500);
      let text = '';
      while (text.length < length) text += pieces[Math.floor(random() * pieces.length)];
      const theirs = new SegmentedMessage(text);
      const ours = measureSms(text);
      if (ours.encoding !== theirs.encodingName || ours.segments !== theirs.segmentsCount) {
        mismatches.push(`${i}: ours ${ours.segments}, theirs ${theirs.segmentsCount}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('POST /v1/templates/preview with a 100,000-character body', () => {
  let t: TestContext;
  let owner: Session;
  beforeAll(async () => {
    t = await setupTestApp();
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  // Before: ~100 s of blocked event loop for the first body (the test timed out).
  it.each([
    ['one long combining run', `Z${'\u0301'.repeat(99_999)}`, 2, 100_000],
    ['accented letters', 'e\u0301'.repeat(50_000), 1_516, 100_000],
    ['emoji with skin tones', '👍🏽'.repeat(25_000), 1_563, 50_000],
  ])('measures %s', async (_label, body, segments, characters) => {
    const res = await t.request('POST', '/v1/templates/preview', {
      token: owner.token,
      body: { message_body: body },
    });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.body).toMatchObject({ encoding: 'UCS-2', segments, characters });
  });
});
