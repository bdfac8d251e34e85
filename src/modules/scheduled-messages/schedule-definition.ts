import type { scheduledMessages } from '../../db/schema/index.js';
import type { ScheduleSendType } from '../../db/schema/scheduled-messages.js';
import { type FieldError, ValidationError } from '../../errors.js';
import {
  canonicalTimeZone,
  firstOccurrence,
  isScheduleDateTime,
  resolveScheduledAt,
  type ScheduleTiming,
} from '../../scheduling/occurrences.js';
import {
  parseRecurrenceRule,
  type RecurrenceRule,
  RecurrenceRuleError,
} from '../../scheduling/recurrence-rule.js';
import type { ScheduleContent } from './scheduled-send.js';

type ScheduleRow = typeof scheduledMessages.$inferSelect;

/** A whole schedule as the API describes it: a create, or a PATCH merged onto the stored schedule. */
export type ScheduleDefinition = {
  name: string | null;
  send_type: ScheduleSendType;
  channel_id: string;
  contact_id: string | null;
  delivery_address: string | null;
  contact_group_ids: string[];
  template_id: string | null;
  message_body: string | null;
  subject: string | null;
  variables: Record<string, string>;
  /** Group schedules: the `HH:MM` each run's broadcast reaches every recipient at, in their zone. */
  local_send_time: string | null;
  /** As given (text), or the stored instant and wall clock when neither it nor the zone changed. */
  scheduled_at: string | { startAt: Date; startLocal: string };
  timezone: string;
  is_recurring: boolean;
  recurrence_rule: string | null;
  recurrence_end_at: string | null;
};

/** A checked definition: the columns to store, and the first occurrence from now. */
export type CheckedSchedule = {
  content: ScheduleContent;
  timing: ScheduleTiming;
  recurrenceRule: string | null;
  firstTriggerAt: Date;
};

/** The timing of a stored schedule. */
export function timingOf(row: ScheduleRow): ScheduleTiming {
  return {
    startAt: row.scheduledAt,
    startLocal: row.scheduledLocal,
    timeZone: row.timezone,
    rule: row.isRecurring && row.recurrenceRule ? parseRecurrenceRule(row.recurrenceRule) : null,
    endAt: row.isRecurring ? row.recurrenceEndAt : null,
  };
}

function checkAudience(def: ScheduleDefinition, errors: FieldError[]): void {
  if (def.send_type === 'single' && def.local_send_time) {
    errors.push({
      path: 'local_send_time',
      message: 'local_send_time applies to group schedules (each recipient at that time in their zone)',
    });
  }
  if (def.send_type === 'single') {
    if (!def.contact_id && !def.delivery_address) {
      errors.push({
        path: 'contact_id',
        message: 'the audience is empty: give contact_id or delivery_address',
      });
    }
    if (def.contact_group_ids.length > 0) {
      errors.push({ path: 'contact_group_ids', message: 'contact_group_ids is for send_type group' });
    }
    return;
  }
  if (def.contact_group_ids.length === 0) {
    errors.push({ path: 'contact_group_ids', message: 'the audience is empty: give contact_group_ids' });
  }
  for (const field of ['contact_id', 'delivery_address'] as const) {
    if (def[field]) errors.push({ path: field, message: `${field} is for send_type single` });
  }
}

function checkRule(def: TimingDefinition, errors: FieldError[]): RecurrenceRule | null {
  if (!def.is_recurring) {
    if (def.recurrence_rule)
      errors.push({ path: 'recurrence_rule', message: 'only a recurring schedule has a rule' });
    if (def.recurrence_end_at) {
      errors.push({ path: 'recurrence_end_at', message: 'only a recurring schedule has an end' });
    }
    return null;
  }
  if (!def.recurrence_rule) {
    errors.push({ path: 'recurrence_rule', message: 'a recurring schedule needs a recurrence_rule' });
    return null;
  }
  try {
    return parseRecurrenceRule(def.recurrence_rule);
  } catch (error) {
    if (!(error instanceof RecurrenceRuleError)) throw error;
    errors.push({ path: 'recurrence_rule', message: error.message });
    return null;
  }
}

function checkDateTime(value: string, path: string, errors: FieldError[]): boolean {
  if (isScheduleDateTime(value)) {
    try {
      resolveScheduledAt(value, 'UTC');
      return true;
    } catch {
      // a well-formed string naming a date that does not exist (2027-02-30)
    }
  }
  errors.push({ path, message: `${path} must be an ISO 8601 date-time such as 2027-03-14T09:00:00` });
  return false;
}

function fail(errors: FieldError[]): never {
  throw new ValidationError('The schedule is not acceptable', errors);
}

/** The fields of a definition that say when it runs. */
export type TimingDefinition = Pick<
  ScheduleDefinition,
  'scheduled_at' | 'timezone' | 'is_recurring' | 'recurrence_rule' | 'recurrence_end_at'
>;

/** A checked timing: the rule as stored and the first occurrence from now. */
export type CheckedTiming = Pick<CheckedSchedule, 'timing' | 'recurrenceRule' | 'firstTriggerAt'>;

/**
 * Checks when a definition runs: time zone, rule, dates, and that it has an occurrence from `now`
 * on (a one-time time in the past has none). `errors` already found elsewhere in the definition are
 * reported with these. Throws ValidationError naming every bad field.
 */
export function checkScheduleTiming(
  def: TimingDefinition,
  now: Date,
  errors: FieldError[] = [],
): CheckedTiming {
  const timeZone = canonicalTimeZone(def.timezone);
  if (!timeZone) errors.push({ path: 'timezone', message: `unknown IANA time zone "${def.timezone}"` });
  const rule = checkRule(def, errors);
  const startOk =
    typeof def.scheduled_at !== 'string' || checkDateTime(def.scheduled_at, 'scheduled_at', errors);
  const endOk =
    def.recurrence_end_at === null || checkDateTime(def.recurrence_end_at, 'recurrence_end_at', errors);
  if (errors.length > 0 || !timeZone || !startOk || !endOk) fail(errors);

  const start =
    typeof def.scheduled_at === 'string' ? resolveScheduledAt(def.scheduled_at, timeZone) : def.scheduled_at;
  const endAt = def.recurrence_end_at ? resolveScheduledAt(def.recurrence_end_at, timeZone).startAt : null;
  const timing: ScheduleTiming = { ...start, timeZone, rule, endAt };
  if (!rule && start.startAt.getTime() < now.getTime()) {
    fail([{ path: 'scheduled_at', message: 'scheduled_at is in the past' }]);
  }
  if (endAt && endAt.getTime() < start.startAt.getTime()) {
    fail([{ path: 'recurrence_end_at', message: 'recurrence_end_at is before scheduled_at' }]);
  }
  const firstTriggerAt = firstOccurrence(timing, now);
  if (!firstTriggerAt) {
    const path = endAt ? 'recurrence_end_at' : 'recurrence_rule';
    fail([{ path, message: 'the schedule has no occurrence left to run' }]);
  }
  return { timing, recurrenceRule: rule ? def.recurrence_rule!.trim() : null, firstTriggerAt };
}

/**
 * Checks a whole definition against the rules that need no database: audience, content, and its
 * timing (checkScheduleTiming). Throws ValidationError naming every bad field.
 */
export function checkScheduleDefinition(def: ScheduleDefinition, now: Date): CheckedSchedule {
  const errors: FieldError[] = [];
  checkAudience(def, errors);
  if (Boolean(def.template_id) === Boolean(def.message_body)) {
    errors.push({ path: 'message_body', message: 'give exactly one of message_body and template_id' });
  }
  const checked = checkScheduleTiming(def, now, errors);
  return {
    content: {
      name: def.name,
      sendType: def.send_type,
      channelId: def.channel_id,
      contactId: def.contact_id,
      deliveryAddress: def.delivery_address,
      contactGroupIds: [...new Set(def.contact_group_ids)],
      templateId: def.template_id,
      messageBody: def.message_body,
      subject: def.subject,
      variables: def.variables,
      localSendTime: def.local_send_time,
      timezone: canonicalTimeZone(def.timezone) ?? def.timezone,
    },
    ...checked,
  };
}
