import { describe, expect, it } from 'vitest';
import { normalizePhone, tryNormalizePhone } from '../../src/contacts/phone.js';

describe('normalizePhone', () => {
  it.each([
    ['0911234567', 'ET', '+251911234567'],
    ['0911 23 45 67', 'ET', '+251911234567'],
    ['911234567', 'et', '+251911234567'],
    ['00251911234567', 'ET', '+251911234567'],
    ['+251 (91) 123-45-67', null, '+251911234567'],
    ['+251911234567', 'US', '+251911234567'],
    ['(202) 555-0143', 'US', '+12025550143'],
    ['+44 7911 123456', undefined, '+447911123456'],
  ])('reads %s (default %s) as %s', (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'ET', 'empty'],
    ['   ', 'ET', 'empty'],
    ['0911234567', null, 'country_required'],
    ['0911234567', 'XX', 'invalid_country'],
    ['abc', 'ET', 'invalid'],
    ['0911', 'ET', 'invalid'],
    // Lengths fit, but no such range exists: only the full (max) metadata knows.
    ['+251211234567', null, 'invalid'],
    ['+4901234567', null, 'invalid'],
    ['+251911234567 ext. 12', null, 'invalid'],
    [`+251${'1'.repeat(80)}`, null, 'too_long'],
  ])('rejects %s (default %s) as %s', (raw, country, reason) => {
    const result = normalizePhone(raw, country);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok || result.message.length > 0).toBe(true);
  });

  it('ignores an unknown default country for international numbers', () => {
    expect(tryNormalizePhone('+251911234567', 'XX')).toBe('+251911234567');
    expect(tryNormalizePhone('not a number', 'ET')).toBeUndefined();
  });
});
