/**
 * Table of schedules across daylight-saving changes, with the UTC instants they must run at.
 * 2027 dates: New York changes on 14 March and 7 November, Berlin on 28 March and 31 October,
 * Sydney and Adelaide on 3 October and 4 April, Lord Howe by 30 minutes on the same dates.
 */
export type OccurrenceCase = {
  name: string;
  timeZone: string;
  /** scheduled_at as the user gives it (wall clock in the zone unless it has an offset). */
  scheduledAt: string;
  rule: string | null;
  endAt?: string;
  /** Query lower bound (default: the start). */
  from?: string;
  count: number;
  expected: string[];
};

export const OCCURRENCE_CASES: OccurrenceCase[] = [
  // America/New_York: EST −05:00, EDT −04:00.
  {
    name: 'New York daily 02:30 through the spring gap runs 03:30 EDT that day',
    timeZone: 'America/New_York',
    scheduledAt: '2027-03-13T02:30:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-03-13T07:30:00.000Z', '2027-03-14T07:30:00.000Z', '2027-03-15T06:30:00.000Z'],
  },
  {
    name: 'New York daily 01:30 through the autumn overlap runs once, at the first 01:30 (EDT)',
    timeZone: 'America/New_York',
    scheduledAt: '2027-11-06T01:30:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-11-06T05:30:00.000Z', '2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z'],
  },
  {
    name: 'New York daily 09:00 keeps 09:00 wall clock across the change',
    timeZone: 'America/New_York',
    scheduledAt: '2027-03-13T09:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-03-13T14:00:00.000Z', '2027-03-14T13:00:00.000Z', '2027-03-15T13:00:00.000Z'],
  },
  {
    name: 'New York weekly:mon,wed,fri at 09:00 across the spring change',
    timeZone: 'America/New_York',
    scheduledAt: '2027-03-08T09:00:00',
    rule: 'weekly:mon,wed,fri',
    count: 5,
    expected: [
      '2027-03-08T14:00:00.000Z',
      '2027-03-10T14:00:00.000Z',
      '2027-03-12T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-17T13:00:00.000Z',
    ],
  },
  {
    name: 'New York hourly cron runs the repeated 01:00 once',
    timeZone: 'America/New_York',
    scheduledAt: '2027-11-07T00:00:00',
    rule: 'cron:0 * * * *',
    count: 3,
    expected: ['2027-11-07T04:00:00.000Z', '2027-11-07T05:00:00.000Z', '2027-11-07T07:00:00.000Z'],
  },
  {
    name: 'New York half-hourly cron: gap times shift forward and fold into the real ones',
    timeZone: 'America/New_York',
    scheduledAt: '2027-03-14T01:00:00',
    rule: 'cron:*/30 * * * *',
    count: 5,
    expected: [
      '2027-03-14T06:00:00.000Z',
      '2027-03-14T06:30:00.000Z',
      '2027-03-14T07:00:00.000Z',
      '2027-03-14T07:30:00.000Z',
      '2027-03-14T08:00:00.000Z',
    ],
  },
  {
    name: 'New York cron 02:50 shifts to 03:50 on the gap day, after the 03:10 run',
    timeZone: 'America/New_York',
    scheduledAt: '2027-03-14T00:00:00',
    rule: 'cron:10,50 2,3 * * *',
    count: 3,
    expected: ['2027-03-14T07:10:00.000Z', '2027-03-14T07:50:00.000Z', '2027-03-15T06:10:00.000Z'],
  },
  {
    name: 'New York 6-field cron at 02:30:15 on the gap day',
    timeZone: 'America/New_York',
    scheduledAt: '2027-03-13T12:00:00',
    rule: 'cron:15 30 2 * * *',
    count: 2,
    expected: ['2027-03-14T07:30:15.000Z', '2027-03-15T06:30:15.000Z'],
  },
  // Europe/Berlin: CET +01:00, CEST +02:00.
  {
    name: 'Berlin daily 02:30 through the spring gap',
    timeZone: 'Europe/Berlin',
    scheduledAt: '2027-03-27T02:30:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-03-27T01:30:00.000Z', '2027-03-28T01:30:00.000Z', '2027-03-29T00:30:00.000Z'],
  },
  {
    name: 'Berlin daily 02:30 through the autumn overlap runs at the first (CEST) 02:30',
    timeZone: 'Europe/Berlin',
    scheduledAt: '2027-10-30T02:30:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-10-30T00:30:00.000Z', '2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z'],
  },
  {
    name: 'Berlin cron every 20 minutes over the autumn overlap runs each wall-clock time once',
    timeZone: 'Europe/Berlin',
    scheduledAt: '2027-10-31T01:40:00',
    rule: 'cron:*/20 * * * *',
    count: 6,
    expected: [
      '2027-10-30T23:40:00.000Z',
      '2027-10-31T00:00:00.000Z',
      '2027-10-31T00:20:00.000Z',
      '2027-10-31T00:40:00.000Z',
      '2027-10-31T02:00:00.000Z',
      '2027-10-31T02:20:00.000Z',
    ],
  },
  // Australia/Sydney: AEST +10:00, AEDT +11:00 (southern hemisphere: spring in October).
  {
    name: 'Sydney daily 02:30 through the October gap',
    timeZone: 'Australia/Sydney',
    scheduledAt: '2027-10-02T02:30:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-10-01T16:30:00.000Z', '2027-10-02T16:30:00.000Z', '2027-10-03T15:30:00.000Z'],
  },
  {
    name: 'Sydney daily 02:30 through the April overlap runs at the first (AEDT) 02:30',
    timeZone: 'Australia/Sydney',
    scheduledAt: '2027-04-03T02:30:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-04-02T15:30:00.000Z', '2027-04-03T15:30:00.000Z', '2027-04-04T16:30:00.000Z'],
  },
  {
    name: 'Sydney monthly:31 runs on the last day of shorter months',
    timeZone: 'Australia/Sydney',
    scheduledAt: '2027-01-31T10:00:00',
    rule: 'monthly:31',
    count: 4,
    expected: [
      '2027-01-30T23:00:00.000Z',
      '2027-02-27T23:00:00.000Z',
      '2027-03-30T23:00:00.000Z',
      '2027-04-30T00:00:00.000Z',
    ],
  },
  // Africa/Addis_Ababa: +03:00, no daylight saving.
  {
    name: 'Addis Ababa daily 09:00 is 06:00 UTC every day',
    timeZone: 'Africa/Addis_Ababa',
    scheduledAt: '2027-03-27T09:00:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-03-27T06:00:00.000Z', '2027-03-28T06:00:00.000Z', '2027-03-29T06:00:00.000Z'],
  },
  {
    name: 'Addis Ababa monthly:31 in a leap year reaches 29 February',
    timeZone: 'Africa/Addis_Ababa',
    scheduledAt: '2028-01-31T09:00:00',
    rule: 'monthly:31',
    count: 3,
    expected: ['2028-01-31T06:00:00.000Z', '2028-02-29T06:00:00.000Z', '2028-03-31T06:00:00.000Z'],
  },
  {
    name: 'Addis Ababa monthly:15 with recurrence_end_at stops at the end',
    timeZone: 'Africa/Addis_Ababa',
    scheduledAt: '2027-01-15T08:00:00',
    rule: 'monthly:15',
    endAt: '2027-03-15T05:00:00.000Z',
    count: 5,
    expected: ['2027-01-15T05:00:00.000Z', '2027-02-15T05:00:00.000Z', '2027-03-15T05:00:00.000Z'],
  },
  // 30-minute offsets: Adelaide (+09:30 / +10:30) and Kolkata (+05:30); Lord Howe shifts by 30 minutes.
  {
    name: 'Adelaide daily 02:30 through the October gap',
    timeZone: 'Australia/Adelaide',
    scheduledAt: '2027-10-02T02:30:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-10-01T17:00:00.000Z', '2027-10-02T17:00:00.000Z', '2027-10-03T16:00:00.000Z'],
  },
  {
    name: 'Kolkata weekly:mon at 09:00 is 03:30 UTC',
    timeZone: 'Asia/Kolkata',
    scheduledAt: '2027-03-08T09:00:00',
    rule: 'weekly:mon',
    count: 2,
    expected: ['2027-03-08T03:30:00.000Z', '2027-03-15T03:30:00.000Z'],
  },
  {
    name: 'Lord Howe daily 02:15 inside its 30-minute gap runs 02:45',
    timeZone: 'Australia/Lord_Howe',
    scheduledAt: '2027-10-02T02:15:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-10-01T15:45:00.000Z', '2027-10-02T15:45:00.000Z', '2027-10-03T15:15:00.000Z'],
  },
  {
    name: 'Lord Howe daily 01:45 inside its 30-minute overlap runs once',
    timeZone: 'Australia/Lord_Howe',
    scheduledAt: '2027-04-03T01:45:00',
    rule: 'daily',
    count: 3,
    expected: ['2027-04-02T14:45:00.000Z', '2027-04-03T14:45:00.000Z', '2027-04-04T15:15:00.000Z'],
  },
  // One-time schedules.
  {
    name: 'one-time wall clock inside the gap is shifted forward',
    timeZone: 'Europe/Berlin',
    scheduledAt: '2027-03-28T02:30:00',
    rule: null,
    count: 3,
    expected: ['2027-03-28T01:30:00.000Z'],
  },
  {
    name: 'one-time with an explicit offset is that instant, even the second 01:30 of the overlap',
    timeZone: 'America/New_York',
    scheduledAt: '2027-11-07T01:30:00-05:00',
    rule: null,
    count: 1,
    expected: ['2027-11-07T06:30:00.000Z'],
  },
  {
    name: 'query from the middle of a series',
    timeZone: 'America/New_York',
    scheduledAt: '2027-01-01T09:00:00',
    rule: 'daily',
    from: '2027-03-14T12:00:00.000Z',
    count: 2,
    expected: ['2027-03-14T13:00:00.000Z', '2027-03-15T13:00:00.000Z'],
  },
];
