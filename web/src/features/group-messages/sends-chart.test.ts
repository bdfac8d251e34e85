import { describe, expect, it } from 'vitest';
import { intervalFor } from './sends-chart';

describe('sends chart interval', () => {
  const start = '2026-12-06T09:00:00Z';
  const at = (iso: string) => Date.parse(iso);

  it('is minutes up to 3 hours, hours up to 10 days, then days', () => {
    expect(intervalFor({ started_at: start, completed_at: '2026-12-06T12:00:00Z' })).toBe('minute');
    expect(intervalFor({ started_at: start, completed_at: '2026-12-06T12:00:01Z' })).toBe('hour');
    expect(intervalFor({ started_at: start, completed_at: '2026-12-16T09:00:00Z' })).toBe('hour');
    expect(intervalFor({ started_at: start, completed_at: '2026-12-16T09:00:01Z' })).toBe('day');
  });

  it('measures a running broadcast up to now, and one seen starting live as just started', () => {
    expect(intervalFor({ started_at: start, completed_at: null }, at('2026-12-06T10:00:00Z'))).toBe('minute');
    expect(intervalFor({ started_at: start, completed_at: null }, at('2026-12-07T10:00:00Z'))).toBe('hour');
    expect(intervalFor({ started_at: null, completed_at: null })).toBe('minute');
  });
});
