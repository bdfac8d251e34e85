/**
 * The recurrence builder's state ⇄ the API's `recurrence_rule` (`daily`, `weekly:mon,wed`,
 * `monthly:15`, `cron:EXPR`), and a schedule in words: "Every Monday at 09:00, Africa/Addis_Ababa".
 */
export const WEEKDAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
export type Weekday = (typeof WEEKDAYS)[number][0];

export type Recurrence =
  | { kind: 'once' }
  | { kind: 'daily' }
  | { kind: 'weekly'; days: Weekday[] }
  | { kind: 'monthly'; day: number }
  | { kind: 'cron'; expression: string };

export function toRule(r: Recurrence): string | undefined {
  switch (r.kind) {
    case 'once':
      return undefined;
    case 'daily':
      return 'daily';
    case 'weekly':
      return `weekly:${WEEKDAYS.map(([d]) => d)
        .filter((d) => r.days.includes(d))
        .join(',')}`;
    case 'monthly':
      return `monthly:${r.day}`;
    case 'cron':
      return `cron:${r.expression.trim()}`;
  }
}

export function fromRule(rule: string | null | undefined): Recurrence {
  if (!rule) return { kind: 'once' };
  if (rule === 'daily') return { kind: 'daily' };
  if (rule.startsWith('weekly:')) {
    const days = rule.slice(7).split(',') as Weekday[];
    return { kind: 'weekly', days: days.filter((d) => WEEKDAYS.some(([w]) => w === d)) };
  }
  if (rule.startsWith('monthly:')) return { kind: 'monthly', day: Number(rule.slice(8)) || 1 };
  if (rule.startsWith('cron:')) return { kind: 'cron', expression: rule.slice(5) };
  return { kind: 'cron', expression: rule };
}

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** `2027-03-14T09:00:00` → `09:00`; `2027-03-14`. */
function parts(local: string): { date: string; time: string } {
  const [date = '', rest = ''] = local.split('T');
  return { date, time: rest.slice(0, 5) };
}

/** The schedule in words, in its own timezone. */
export function describeSchedule(s: {
  recurrence_rule: string | null;
  is_recurring: boolean;
  scheduled_local: string;
  timezone: string;
}): string {
  const { date, time } = parts(s.scheduled_local);
  const r = s.is_recurring ? fromRule(s.recurrence_rule) : ({ kind: 'once' } as const);
  switch (r.kind) {
    case 'once':
      return `Once on ${date} at ${time}, ${s.timezone}`;
    case 'daily':
      return `Every day at ${time}, ${s.timezone}`;
    case 'weekly': {
      const names = WEEKDAYS.filter(([d]) => r.days.includes(d)).map(([, n]) => n);
      return names.length === 7
        ? `Every day at ${time}, ${s.timezone}`
        : `Every ${list(names)} at ${time}, ${s.timezone}`;
    }
    case 'monthly':
      return `Every month on day ${r.day} at ${time}, ${s.timezone}`;
    case 'cron':
      return `Cron “${r.expression}”, ${s.timezone}`;
  }
}

/** An instant in a zone: "Mon, 14 Mar 2027, 09:00". */
export function formatInZone(iso: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** Every IANA zone the browser knows (UTC first). */
export function timeZones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...all.filter((z) => z !== 'UTC')];
}
