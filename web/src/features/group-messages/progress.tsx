import type { GroupMessage } from '../../api/types';
import { Badge, type BadgeTone } from '../../components/ui/badge';
import { cn } from '../../lib/cn';

/** The parts of a broadcast, in the order of the bar; they add up to total_recipients. */
export const PARTS = [
  { key: 'delivered', label: 'Delivered', className: 'bg-success' },
  { key: 'sent', label: 'Sent', className: 'bg-info' },
  { key: 'failed', label: 'Failed', className: 'bg-danger' },
  { key: 'skipped', label: 'Skipped', className: 'bg-warning' },
  { key: 'cancelled', label: 'Cancelled', className: 'bg-muted' },
] as const;

type Counts = Record<(typeof PARTS)[number]['key'] | 'pending', number>;

/** sent_count includes delivered_count: the bar shows "sent, not yet delivered" apart. */
export function partsOf(g: GroupMessage): Counts {
  return {
    delivered: g.delivered_count,
    sent: Math.max(0, g.sent_count - g.delivered_count),
    failed: g.failed_count,
    skipped: g.skipped_count,
    cancelled: g.cancelled_count,
    pending: g.pending_count,
  };
}

/**
 * Before fan-out every counter is 0: the audience is only counted when sending starts. A page
 * then shows the expected audience, or says it is not counted yet, never "0 of 0".
 */
export function beforeFanout(g: GroupMessage): boolean {
  return g.total_recipients === 0 && g.started_at === null && NOT_STARTED.has(g.status);
}

// The statuses of a broadcast whose sending has not begun.
const NOT_STARTED = new Set<GroupMessage['status']>(['draft', 'queued', 'pending_approval']);

/** Cancelled (or rejected) before its fan-out began: it never had recipients, nothing was sent. */
export function cancelledBeforeFanout(g: GroupMessage): boolean {
  return g.status === 'cancelled' && g.total_recipients === 0 && g.started_at === null;
}

/** The audience a broadcast expects before fan-out: the count its approval request saw, if any. */
export function expectedRecipients(g: GroupMessage): number | undefined {
  return g.approval?.recipients;
}

/** "3 recipients expected": the audience before fan-out. */
export function expectedText(expected: number): string {
  return `${expected.toLocaleString()} recipient${expected === 1 ? '' : 's'} expected`;
}

/** Share of the recipients that are done (not pending), 0–100. */
export function percentDone(g: GroupMessage): number {
  if (g.total_recipients === 0) return NOT_STARTED.has(g.status) || cancelledBeforeFanout(g) ? 0 : 100;
  return Math.floor(((g.total_recipients - g.pending_count) / g.total_recipients) * 100);
}

/** A stacked bar of delivered, sent, failed, skipped, cancelled and pending recipients. */
export function ProgressBar({
  group,
  showLegend = false,
  expected = expectedRecipients(group),
}: {
  group: GroupMessage;
  showLegend?: boolean;
  /** The audience expected before fan-out, when the page has counted it. */
  expected?: number;
}) {
  const counts = partsOf(group);
  const total = Math.max(group.total_recipients, 1);
  const percent = percentDone(group);
  return (
    <div className="flex min-w-40 flex-col gap-1.5">
      <div
        role="progressbar"
        aria-label={`${group.name} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% done: ${PARTS.map((p) => `${counts[p.key]} ${p.label.toLowerCase()}`).join(', ')}, ${counts.pending} pending`}
        className="flex h-2.5 w-full overflow-hidden rounded-full bg-surface-2"
      >
        {PARTS.map((p) =>
          counts[p.key] > 0 ? (
            <span
              key={p.key}
              className={cn('h-full transition-[width] duration-500', p.className)}
              style={{ width: `${(counts[p.key] / total) * 100}%` }}
            />
          ) : null,
        )}
      </div>
      <p className="text-xs text-muted" data-testid="progress-text">
        {beforeFanout(group)
          ? `Not started · ${expected === undefined ? 'recipients not counted yet' : expectedText(expected)}`
          : cancelledBeforeFanout(group)
            ? 'Cancelled before sending · no messages sent'
            : `${percent}% · ${group.total_recipients - group.pending_count} of ${group.total_recipients}`}
      </p>
      {showLegend && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Counters">
          {PARTS.map((p) => (
            <li key={p.key} className="flex items-center gap-1.5">
              <span aria-hidden className={cn('h-2.5 w-2.5 rounded-full', p.className)} />
              {p.label} <strong data-testid={`count-${p.key}`}>{counts[p.key]}</strong>
            </li>
          ))}
          <li className="flex items-center gap-1.5">
            <span aria-hidden className="h-2.5 w-2.5 rounded-full bg-surface-2 ring-1 ring-border" />
            Pending <strong data-testid="count-pending">{counts.pending}</strong>
          </li>
        </ul>
      )}
    </div>
  );
}

const TONES: Record<GroupMessage['status'], BadgeTone> = {
  draft: 'neutral',
  pending_approval: 'warning',
  queued: 'neutral',
  processing: 'info',
  completed: 'success',
  partially_failed: 'warning',
  failed: 'danger',
  cancelled: 'neutral',
};

export function GroupStatusBadge({ status }: { status: GroupMessage['status'] }) {
  return <Badge tone={TONES[status]}>{status.replaceAll('_', ' ')}</Badge>;
}
