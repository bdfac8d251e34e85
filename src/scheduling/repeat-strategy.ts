import type { RepeatOptions } from 'bullmq';
import { firstOccurrence, type ScheduleTiming } from './occurrences.js';
import { parseRecurrenceRule } from './recurrence-rule.js';

/**
 * How early a schedule's job becomes due before its occurrence. Redis wakes a blocked client only
 * on its own clock tick (`hz`, 10 per second by default), so a delayed job is taken up to 100 ms
 * after its time; the worker takes it a little early and waits for the exact instant.
 */
export const TRIGGER_LEAD_MS = 150;

/** A recurring schedule's timing as its job scheduler's `pattern` (the rule as the user wrote it). */
export function encodeTiming(timing: ScheduleTiming, ruleText: string): string {
  return JSON.stringify({ ...timing, rule: ruleText });
}

/**
 * BullMQ's repeat strategy for schedule-trigger job schedulers (set on the queue and its worker):
 * our own occurrence arithmetic (wall-clock time in the schedule's zone, DST gaps and repeats,
 * month ends, recurrence_end_at), never cron-parser in the process zone. `millis` is the due time of
 * the job that is starting (TRIGGER_LEAD_MS before its occurrence), or now: the next job is the first
 * occurrence after it, due TRIGGER_LEAD_MS early. Undefined when nothing is left to run.
 */
export function scheduleRepeatStrategy(millis: number, opts: RepeatOptions): number | undefined {
  if (!opts.pattern) return undefined;
  const stored = JSON.parse(opts.pattern);
  const timing: ScheduleTiming = {
    ...stored,
    rule: parseRecurrenceRule(stored.rule),
    startAt: new Date(stored.startAt),
    endAt: stored.endAt === null ? null : new Date(stored.endAt),
  };
  const next = firstOccurrence(timing, new Date(millis + TRIGGER_LEAD_MS + 1));
  return next ? next.getTime() - TRIGGER_LEAD_MS : undefined;
}
