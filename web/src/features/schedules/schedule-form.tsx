import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { ScheduledMessage, ScheduledMessageCreate } from '../../api/types';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Checkbox, Input, NativeSelect, Textarea } from '../../components/ui/input';
import { toast } from '../../components/ui/toast';
import { FormError } from '../auth/auth-layout';
import { CHANNEL_TYPE_LABELS, useAllChannels } from '../channels/queries';
import { GroupChecklist } from '../contacts/group-checklist';
import { useTemplates } from '../templates/queries';
import { OccurrencePreview } from './occurrences';
import { fromRule, type Recurrence, timeZones, toRule, WEEKDAYS, type Weekday } from './recurrence';

const KINDS = [
  ['once', 'Once'],
  ['daily', 'Every day'],
  ['weekly', 'Every week'],
  ['monthly', 'Every month'],
  ['cron', 'Cron expression (experts)'],
] as const;

/** Create or edit a schedule: who, what, and when (recurrence builder and timezone picker). */
export function ScheduleForm({ schedule }: { schedule?: ScheduledMessage }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const channels = useAllChannels();
  const templates = useTemplates({ page: '1', page_size: '100', sort: 'name:asc' });

  const zones = useMemo(timeZones, []);
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [local] = useState(() => (schedule?.scheduled_local ?? '').split('T'));

  const [name, setName] = useState(schedule?.name ?? '');
  const [channelId, setChannelId] = useState(schedule?.channel_id ?? '');
  const [sendType, setSendType] = useState<'group' | 'single'>(schedule?.send_type ?? 'group');
  const [groupIds, setGroupIds] = useState<string[]>(schedule?.contact_group_ids ?? []);
  const [address, setAddress] = useState(schedule?.delivery_address ?? '');
  const [templateId, setTemplateId] = useState(schedule?.template_id ?? '');
  const [body, setBody] = useState(schedule?.message_body ?? '');
  const [date, setDate] = useState(local[0] ?? '');
  const [time, setTime] = useState((local[1] ?? '09:00').slice(0, 5));
  const [timezone, setTimezone] = useState(schedule?.timezone ?? viewerZone ?? 'UTC');
  const [recurrence, setRecurrence] = useState<Recurrence>(
    schedule?.is_recurring ? fromRule(schedule.recurrence_rule) : { kind: 'once' },
  );
  const [endDate, setEndDate] = useState(schedule?.recurrence_end_at?.slice(0, 10) ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const setKind = (kind: Recurrence['kind']) =>
    setRecurrence(
      kind === 'weekly'
        ? { kind, days: ['mon'] }
        : kind === 'monthly'
          ? { kind, day: Number(date.slice(8, 10)) || 1 }
          : kind === 'cron'
            ? { kind, expression: '0 9 * * 1-5' }
            : { kind },
    );

  /** The timing fields, as saved and as previewed. */
  const timing = () => {
    const rule = toRule(recurrence);
    return {
      scheduled_at: `${date}T${time}:00`,
      timezone,
      is_recurring: rule !== undefined,
      ...(rule ? { recurrence_rule: rule } : {}),
      ...(rule && endDate ? { recurrence_end_at: new Date(`${endDate}T23:59:59Z`).toISOString() } : {}),
    };
  };

  const save = async () => {
    setError(undefined);
    if (!channelId) return setError('Choose a channel.');
    if (!date || !time) return setError('Choose the date and time of the first run.');
    if (sendType === 'group' && groupIds.length === 0) return setError('Choose at least one group.');
    if (sendType === 'single' && !address.trim()) return setError('Give the recipient address.');
    if (!templateId && !body.trim()) return setError('Write the message or choose a template.');
    if (recurrence.kind === 'weekly' && recurrence.days.length === 0)
      return setError('Choose at least one day.');
    const rule = toRule(recurrence);
    const payload: ScheduledMessageCreate = {
      ...(name.trim() ? { name: name.trim() } : {}),
      send_type: sendType,
      channel_id: channelId,
      ...(sendType === 'group' ? { contact_group_ids: groupIds } : { delivery_address: address.trim() }),
      ...(templateId ? { template_id: templateId } : { message_body: body }),
      ...timing(),
    };
    setBusy(true);
    try {
      const saved = schedule
        ? await unwrap(
            api.PATCH('/v1/scheduled-messages/{id}', {
              params: { path: { id: schedule.id } },
              body: {
                ...payload,
                recurrence_rule: rule ?? null,
                recurrence_end_at: payload.recurrence_end_at ?? null,
                ...(templateId ? { message_body: null } : { template_id: null }),
              },
            }),
          )
        : await unwrap(api.POST('/v1/scheduled-messages', { body: payload }));
      await client.invalidateQueries({ queryKey: ['scheduled-messages'] });
      toast(schedule ? 'Schedule saved' : 'Schedule created');
      if (!schedule) await navigate({ to: '/schedules/$scheduleId', params: { scheduleId: saved.id } });
    } catch (e) {
      const fields = (e as { fieldErrors?: { path: string; message: string }[] }).fieldErrors ?? [];
      setError([(e as Error).message, ...fields.map((f) => `${f.path}: ${f.message}`)].join(' — '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      className="grid min-w-0 grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="flex min-w-0 flex-col gap-6">
        <FormError message={error} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name (optional)">
            <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Channel">
            <NativeSelect value={channelId} onChange={(e) => setChannelId(e.target.value)}>
              <option value="">Choose a channel…</option>
              {channels.data?.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({CHANNEL_TYPE_LABELS[c.channel_type]})
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>

        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-sm font-semibold">Recipients</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {(
              [
                ['group', 'Groups'],
                ['single', 'One address'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="send_type"
                  className="accent-primary"
                  checked={sendType === value}
                  onChange={() => setSendType(value)}
                />
                {label}
              </label>
            ))}
          </div>
          {sendType === 'group' ? (
            <GroupChecklist value={groupIds} onChange={setGroupIds} empty="No groups yet." />
          ) : (
            <Field label="Recipient address" className="sm:w-96">
              <Input value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="off" />
            </Field>
          )}
        </fieldset>

        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-sm font-semibold">Message</legend>
          <Field label="Template">
            <NativeSelect value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              <option value="">No template: write the text below</option>
              {templates.data?.items.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          {!templateId && (
            <Field label="Message" hint="{DATE} and {TIME} are filled in the schedule's timezone">
              <Textarea rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
            </Field>
          )}
        </fieldset>

        <fieldset className="flex flex-col gap-4">
          <legend className="mb-2 text-sm font-semibold">When</legend>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="First run (date)">
              <Input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </Field>
            <Field label="Time">
              <Input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
            </Field>
            <Field label="Timezone" hint={`Yours is ${viewerZone}`}>
              <NativeSelect value={timezone} onChange={(e) => setTimezone(e.target.value)}>
                {(zones.includes(timezone) ? zones : [timezone, ...zones]).map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          </div>
          <Field label="Repeat" className="sm:w-72">
            <NativeSelect
              value={recurrence.kind}
              onChange={(e) => setKind(e.target.value as Recurrence['kind'])}
            >
              {KINDS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          {recurrence.kind === 'weekly' && (
            <fieldset className="flex flex-wrap gap-2">
              <legend className="mb-2 text-sm font-medium">On</legend>
              {WEEKDAYS.map(([day, label]) => (
                <label
                  key={day}
                  htmlFor={`day-${day}`}
                  className="flex items-center gap-2 rounded-md border border-border bg-surface px-3 py-1.5 text-sm"
                >
                  <Checkbox
                    id={`day-${day}`}
                    checked={recurrence.days.includes(day)}
                    onChange={(e) =>
                      setRecurrence({
                        kind: 'weekly',
                        days: e.target.checked
                          ? [...recurrence.days, day]
                          : recurrence.days.filter((d): d is Weekday => d !== day),
                      })
                    }
                  />
                  {label}
                </label>
              ))}
            </fieldset>
          )}
          {recurrence.kind === 'monthly' && (
            <Field
              label="Day of the month"
              hint="29–31 run on the last day of shorter months"
              className="sm:w-48"
            >
              <Input
                type="number"
                min={1}
                max={31}
                value={recurrence.day}
                onChange={(e) => setRecurrence({ kind: 'monthly', day: Number(e.target.value) })}
              />
            </Field>
          )}
          {recurrence.kind === 'cron' && (
            <Field
              label="Cron expression"
              hint="5 or 6 fields, in the schedule's timezone"
              className="sm:w-96"
            >
              <Input
                className="font-mono"
                value={recurrence.expression}
                onChange={(e) => setRecurrence({ kind: 'cron', expression: e.target.value })}
              />
            </Field>
          )}
          {recurrence.kind !== 'once' && (
            <Field label="Ends on (optional)" className="sm:w-72">
              <Input type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} />
            </Field>
          )}
        </fieldset>
      </div>
      <div className="lg:sticky lg:top-20">
        <OccurrencePreview input={date && time ? { ...timing(), count: 5 } : undefined} />
      </div>
      <Button type="submit" loading={busy} className="justify-self-start lg:col-start-1">
        {schedule ? 'Save schedule' : 'Create schedule'}
      </Button>
    </form>
  );
}
