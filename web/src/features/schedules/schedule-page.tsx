import { Link } from '@tanstack/react-router';
import { ConfirmButton } from '../../components/confirm-button';
import { CannotSendState } from '../../components/no-channel-state';
import { PageHeader } from '../../components/page-header';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { ErrorState } from '../../components/ui/empty-state';
import { Skeleton } from '../../components/ui/skeleton';
import { scheduleRoute } from '../../router';
import { useCan } from '../shell/use-context';
import { OccurrencePanel, OccurrenceTable } from './occurrences';
import { useOccurrences, useRuns, useSchedule, useScheduleAction } from './queries';
import { describeSchedule, formatInZone } from './recurrence';
import { ScheduleForm } from './schedule-form';
import { ScheduleStatusBadge } from './schedules-page';

function Occurrences({ id, version, timezone }: { id: string; version: string; timezone: string }) {
  const occurrences = useOccurrences(id, version);
  return (
    <OccurrencePanel title="Next runs">
      {occurrences.isLoading ? (
        <Skeleton className="h-24 w-full" />
      ) : occurrences.data?.items.length ? (
        <OccurrenceTable items={occurrences.data.items} timezone={timezone} />
      ) : (
        <p className="text-sm text-muted">No further runs.</p>
      )}
    </OccurrencePanel>
  );
}

function Runs({ id }: { id: string }) {
  const runs = useRuns(id);
  return (
    <section aria-labelledby="runs-heading" className="rounded-lg border border-border bg-surface p-4">
      <h2 id="runs-heading" className="mb-3 text-sm font-semibold">
        Run history
      </h2>
      {runs.data?.items.length ? (
        <ul className="flex flex-col divide-y divide-border text-sm">
          {runs.data.items.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2 py-2">
              <span className="mr-auto">{formatInZone(r.occurrence_at, undefined)}</span>
              <Badge
                tone={r.outcome === 'triggered' ? 'success' : r.outcome === 'missed' ? 'warning' : 'danger'}
              >
                {r.outcome}
              </Badge>
              {r.group_message_id && (
                <Link
                  to="/broadcasts/$groupMessageId"
                  params={{ groupMessageId: r.group_message_id }}
                  className="text-primary underline"
                >
                  Broadcast
                </Link>
              )}
              {r.message_id && (
                <Link to="/messages" search={{ message: r.message_id }} className="text-primary underline">
                  Message
                </Link>
              )}
              {r.error && <span className="w-full text-xs text-danger">{r.error}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">It has not run yet.</p>
      )}
    </section>
  );
}

export function SchedulePage() {
  const { scheduleId: id } = scheduleRoute.useParams();
  const canSend = useCan('scheduled_messages:send');
  const schedule = useSchedule(id);
  const action = useScheduleAction(id);
  if (schedule.error) return <ErrorState error={schedule.error} onRetry={() => void schedule.refetch()} />;
  if (!schedule.data) return <Skeleton className="h-96 w-full" />;
  const s = schedule.data;
  const live = s.status === 'pending' || s.status === 'triggered' || s.status === 'paused';
  return (
    <>
      <PageHeader
        title={s.name ?? 'Untitled schedule'}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ScheduleStatusBadge status={s.status} />
            <span data-testid="schedule-words">{describeSchedule(s)}</span>
          </span>
        }
        actions={
          canSend &&
          live && (
            <>
              {s.status === 'paused' ? (
                <Button loading={action.isPending} onClick={() => action.mutate('resume')}>
                  Resume
                </Button>
              ) : (
                <Button variant="secondary" loading={action.isPending} onClick={() => action.mutate('pause')}>
                  Pause
                </Button>
              )}
              <ConfirmButton
                label="Cancel schedule"
                title="Cancel this schedule?"
                description="It will not run again. Runs already made stay."
                confirmLabel="Cancel schedule"
                keepLabel="Keep it"
                onConfirm={() => action.mutateAsync('cancel')}
              />
            </>
          )
        }
      />
      {canSend && live ? (
        // The form shows the next runs beside it, as they are being edited.
        <div className="flex flex-col gap-8">
          <ScheduleForm key={s.updated_at} schedule={s} />
          <Runs id={id} />
        </div>
      ) : (
        <div className="grid gap-8 xl:grid-cols-[1fr_26rem]">
          <p className="text-sm text-muted">This schedule can no longer be edited.</p>
          <aside className="flex flex-col gap-4">
            <Occurrences id={id} version={s.updated_at} timezone={s.timezone} />
            <Runs id={id} />
          </aside>
        </div>
      )}
    </>
  );
}

export function NewSchedulePage() {
  const canSend = useCan('scheduled_messages:send');
  if (!canSend) return <CannotSendState title="New schedule" />;
  return (
    <>
      <PageHeader
        title="New schedule"
        description="Its next five runs are shown as you edit it, in its timezone and in yours."
      />
      <ScheduleForm />
    </>
  );
}
