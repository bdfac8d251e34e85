import { CronExpressionParser } from 'cron-parser';

/** A parsed `recurrence_rule`; weekdays are ISO numbers (1 = Monday … 7 = Sunday). */
export type RecurrenceRule =
  | { kind: 'daily' }
  | { kind: 'weekly'; days: number[] }
  | { kind: 'monthly'; day: number }
  | { kind: 'cron'; expression: string; withSeconds: boolean };

/** A rule that cannot be parsed; `message` is shown to the user. */
export class RecurrenceRuleError extends Error {
  override name = 'RecurrenceRuleError';
}

const WEEKDAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const MAX_RULE_LENGTH = 200;

function parseWeekly(list: string): RecurrenceRule {
  const names = list.split(',').map((d) => d.trim().toLowerCase());
  const days = names.map((name) => {
    const day = WEEKDAYS[name];
    if (day === undefined) {
      throw new RecurrenceRuleError(`unknown weekday "${name}": use mon, tue, wed, thu, fri, sat, sun`);
    }
    return day;
  });
  return { kind: 'weekly', days: [...new Set(days)].sort((a, b) => a - b) };
}

function parseMonthly(value: string): RecurrenceRule {
  if (!/^\d{1,2}$/.test(value.trim())) throw new RecurrenceRuleError('monthly:DAY takes a day from 1 to 31');
  const day = Number(value);
  if (day < 1 || day > 31) throw new RecurrenceRuleError('monthly:DAY takes a day from 1 to 31');
  return { kind: 'monthly', day };
}

function parseCron(expression: string): RecurrenceRule {
  const fields = expression.trim().split(/\s+/);
  // cron-parser pads shorter expressions with defaults and accepts `@daily`; the contract allows 5 or 6 fields.
  if (fields.length !== 5 && fields.length !== 6) {
    throw new RecurrenceRuleError('cron:EXPR takes 5 fields (minute first) or 6 (second first)');
  }
  // Jenkins' `H` ("a value of the parser's choosing") is drawn again at every parse: each reading
  // of the rule would name other times, and a daily schedule would run at several.
  if (fields.some((field) => field.split(',').some((item) => /^H(?:$|[/(])/i.test(item)))) {
    throw new RecurrenceRuleError('cron:EXPR does not take H: name the minute and hour');
  }
  const normalized = fields.join(' ');
  try {
    CronExpressionParser.parse(normalized, { tz: 'UTC' });
  } catch (error) {
    throw new RecurrenceRuleError(`invalid cron expression: ${(error as Error).message}`);
  }
  return { kind: 'cron', expression: normalized, withSeconds: fields.length === 6 };
}

/** Parses `daily`, `weekly:mon,wed,fri`, `monthly:15` or `cron:EXPR`; throws RecurrenceRuleError. */
export function parseRecurrenceRule(text: string): RecurrenceRule {
  if (text.length > MAX_RULE_LENGTH) throw new RecurrenceRuleError('the rule is too long');
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const kind = (colon === -1 ? trimmed : trimmed.slice(0, colon)).toLowerCase();
  const argument = colon === -1 ? '' : trimmed.slice(colon + 1);
  switch (kind) {
    case 'daily':
      if (colon !== -1) throw new RecurrenceRuleError('daily takes no argument');
      return { kind: 'daily' };
    case 'weekly':
      if (!argument.trim()) throw new RecurrenceRuleError('weekly needs days, e.g. weekly:mon,wed,fri');
      return parseWeekly(argument);
    case 'monthly':
      return parseMonthly(argument);
    case 'cron':
      return parseCron(argument);
    default:
      throw new RecurrenceRuleError('use daily, weekly:mon,wed,fri, monthly:15 or cron:EXPR (5 or 6 fields)');
  }
}
