/** `DATE` (YYYY-MM-DD) and `TIME` (HH:mm, 24-hour) of an instant on the wall clock of a time zone. */
export type SystemDateTime = { date: string; time: string };

const formatters = new Map<string, Intl.DateTimeFormat>();
// Values change once a minute: remember the last minute per zone instead of formatting per message.
const lastMinute = new Map<string, { minute: number; value: SystemDateTime }>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // An unknown zone is refused where it is saved; never fail a send over it.
      return timeZone === 'UTC' ? formatterFor('Etc/UTC') : formatterFor('UTC');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** DATE and TIME of the instant `epochMs` in the IANA `timeZone` (UTC when the zone is unknown). */
export function formatSystemDateTime(epochMs: number, timeZone: string): SystemDateTime {
  const minute = Math.floor(epochMs / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached?.minute === minute) return cached.value;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) parts[part.type] = part.value;
  const value = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
  if (formatters.has(timeZone)) lastMinute.set(timeZone, { minute, value });
  return value;
}
