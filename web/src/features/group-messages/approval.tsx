import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { GroupMessage } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { Field } from '../../components/ui/field';
import { Textarea } from '../../components/ui/input';
import { toast } from '../../components/ui/toast';
import { formatDateTime } from '../../lib/format';
import { useCan, useCurrentContext } from '../shell/use-context';

/** Approve or reject a broadcast waiting for approval, with a toast and fresh caches. */
function useDecision(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ decision, reason }: { decision: 'approve' | 'reject'; reason?: string }) => {
      const path = { path: { id } };
      return decision === 'approve'
        ? unwrap(api.POST('/v1/group-messages/{id}/approve', { params: path }))
        : unwrap(
            api.POST('/v1/group-messages/{id}/reject', {
              params: path,
              body: reason ? { reason } : {},
            }),
          );
    },
    onSuccess: (group, { decision }) => {
      client.setQueryData(['group-messages', 'one', id], group);
      void client.invalidateQueries({ queryKey: ['group-messages'] });
      toast(decision === 'approve' ? 'Broadcast approved: sending starts' : 'Broadcast rejected');
    },
    onError: (error) => toast('That did not work', { description: error.message, tone: 'error' }),
  });
}

/**
 * Whether the signed-in user may decide on this broadcast: the `group_messages:approve` permission,
 * and not the user who created or started it (the API refuses them: four eyes).
 */
export function useMayDecide(g: GroupMessage): boolean {
  const canApprove = useCan('group_messages:approve');
  const userId = useCurrentContext().data?.user.id;
  return (
    g.status === 'pending_approval' &&
    canApprove &&
    userId !== undefined &&
    userId !== g.created_by_user_id &&
    userId !== g.approval?.requested_by_user_id
  );
}

/** Approve and Reject (with a reason) for a broadcast in `pending_approval`. */
export function ApprovalButtons({ group }: { group: GroupMessage }) {
  const decision = useDecision(group.id);
  const [reason, setReason] = useState('');
  return (
    <>
      <ConfirmButton
        label="Approve"
        variant="primary"
        title={`Approve “${group.name}”?`}
        // Before fan-out total_recipients is 0: the approval request counted the audience.
        description={`It is sent to ${(group.approval?.recipients ?? group.total_recipients).toLocaleString()} recipients right away.`}
        confirmLabel="Approve and send"
        keepLabel="Not now"
        onConfirm={() => decision.mutateAsync({ decision: 'approve' })}
      />
      <ConfirmButton
        label="Reject"
        title={`Reject “${group.name}”?`}
        description="It is cancelled and nothing is sent. The reason is kept on the broadcast."
        confirmLabel="Reject broadcast"
        keepLabel="Keep waiting"
        onConfirm={() => decision.mutateAsync({ decision: 'reject', reason: reason.trim() || undefined })}
      >
        <Field label="Reason (optional)" className="mb-4">
          <Textarea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </ConfirmButton>
    </>
  );
}

/** Why a broadcast waits, or how its approval was decided. */
export function ApprovalNotice({ group, mayDecide }: { group: GroupMessage; mayDecide: boolean }) {
  const a = group.approval;
  if (!a) return null;
  const tone =
    a.decision === 'rejected'
      ? 'border-danger/40 bg-danger/10'
      : a.decision === 'approved'
        ? 'border-border bg-surface'
        : 'border-warning/40 bg-warning/10';
  return (
    <section
      aria-labelledby="approval-heading"
      data-testid="approval"
      className={`mb-6 rounded-lg border p-4 text-sm ${tone}`}
    >
      <h2 id="approval-heading" className="mb-1 font-semibold">
        {a.decision === null ? 'Waiting for approval' : a.decision === 'approved' ? 'Approved' : 'Rejected'}
      </h2>
      <p>
        It has {a.recipients} recipients, more than the account’s approval threshold of {a.threshold}.{' '}
        {a.decision === null
          ? mayDecide
            ? 'Approve it to start sending, or reject it.'
            : 'Another member with the approve permission must approve it before anything is sent.'
          : `Decided ${formatDateTime(a.decided_at)}.`}
      </p>
      {a.decision === 'rejected' && a.reason && (
        <p className="mt-1">
          Reason: <span data-testid="rejection-reason">{a.reason}</span>
        </p>
      )}
    </section>
  );
}
