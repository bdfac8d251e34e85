import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { createEventTicket } from '../../api/live-stats';
import type { GroupMessage } from '../../api/types';

/**
 * The account's live event stream (`GET /v1/events/stream?ticket=`, contract "Live updates"): events
 * update the query cache in place. Pages poll only while the stream is not open (`useLiveOpen()`
 * false): before the stream exists, or while it reconnects, every page stays correct on its own.
 */
export const LIVE_EVENT_TYPES = [
  'group_message.progress',
  'message.status',
  'contact_import.progress',
  'channel.status',
] as const;

let open = false;
const listeners = new Set<() => void>();
function setOpen(value: boolean) {
  if (open === value) return;
  open = value;
  for (const l of listeners) l();
}

/** True while the event stream is connected (pages then stop polling). */
export function useLiveOpen(): boolean {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => open,
  );
}

/** A polling interval that applies only while the stream is closed and `moving` holds. */
export function usePollUnlessLive(ms: number): (moving: boolean) => number | false {
  const live = useLiveOpen();
  return (moving) => (moving && !live ? ms : false);
}

type Progress = Pick<
  GroupMessage,
  | 'id'
  | 'status'
  | 'sent_count'
  | 'delivered_count'
  | 'failed_count'
  | 'skipped_count'
  | 'cancelled_count'
  | 'pending_count'
>;

/** Applies one event to the cache; unknown types are ignored. */
export function applyLiveEvent(client: QueryClient, type: string, data: unknown): void {
  if (typeof data !== 'object' || data === null) return;
  const record = data as Record<string, unknown>;
  switch (type) {
    case 'group_message.progress': {
      const progress = record as unknown as Progress;
      const merge = (g: GroupMessage | undefined) => (g && g.id === progress.id ? { ...g, ...progress } : g);
      client.setQueryData<GroupMessage>(['group-messages', 'one', progress.id], merge);
      client.setQueriesData<{ items: GroupMessage[] }>({ queryKey: ['group-messages', 'list'] }, (list) =>
        list ? { ...list, items: list.items.map((g) => merge(g)!) } : list,
      );
      if (['completed', 'partially_failed', 'failed', 'cancelled'].includes(String(progress.status))) {
        void client.invalidateQueries({ queryKey: ['group-messages'] });
        void client.invalidateQueries({ queryKey: ['messages'] });
      }
      return;
    }
    case 'message.status':
      void client.invalidateQueries({ queryKey: ['messages'] });
      return;
    case 'contact_import.progress':
      void client.invalidateQueries({ queryKey: ['contact-imports'] });
      return;
    case 'channel.status':
      void client.invalidateQueries({ queryKey: ['channels'] });
      return;
  }
}

const RETRY_MS = [1_000, 5_000, 15_000, 60_000];

/**
 * Keeps the stream open while the signed-in shell is mounted: a ticket from
 * `POST /v1/events/tickets`, then an EventSource. When the ticket cannot be had (the endpoint is
 * absent, or the role may not stream) or the stream drops, it retries with a growing delay while
 * pages fall back to polling.
 */
export function useLiveEvents(accountId: string | undefined): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!accountId || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const retry = () => {
      setOpen(false);
      if (stopped) return;
      timer = setTimeout(connect, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    };
    const handle = (type: string, raw: string) => {
      try {
        const parsed = JSON.parse(raw) as Record<string, unknown>;
        // Named SSE events carry the payload; a default `message` event may wrap it with its type.
        if (type === 'message' && typeof parsed.type === 'string') {
          applyLiveEvent(client, parsed.type, parsed.data ?? parsed.payload);
        } else applyLiveEvent(client, type, parsed);
      } catch {
        // A heartbeat or a malformed line: nothing to apply.
      }
    };
    async function connect() {
      const ticket = await createEventTicket().catch(() => null);
      if (stopped) return;
      if (!ticket) return retry();
      source = new EventSource(`/v1/events/stream?ticket=${encodeURIComponent(ticket)}`);
      source.onopen = () => {
        attempt = 0;
        setOpen(true);
        // Whatever changed while closed: refetch once.
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'context' });
      };
      source.onerror = () => {
        // The ticket is single use: reconnect with a new one rather than the browser's own retry.
        source?.close();
        retry();
      };
      source.onmessage = (event) => handle('message', event.data as string);
      for (const type of LIVE_EVENT_TYPES) {
        source.addEventListener(type, (event) => handle(type, (event as MessageEvent).data as string));
      }
    }
    void connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      setOpen(false);
    };
  }, [accountId, client]);
}
