import { hasPermission } from '../modules/roles/permissions.js';
import { compareIds, type LiveEntry, type LiveHub, type LiveListener } from './hub.js';
import { LIVE_EVENT_PERMISSION, type LiveEntryEvent } from './live-event.js';

export type LiveStreamOptions = {
  hub: LiveHub;
  accountId: string;
  /** The caller's permissions: each event needs its read permission (LIVE_EVENT_PERMISSION). */
  permissions: readonly string[];
  /** Resume after this entry id (`Last-Event-ID`). */
  lastEventId: string | undefined;
  /** A comment line this often keeps proxies and the browser from timing the stream out. */
  heartbeatMs: number;
  /** At most one `group_message.progress` per group per this many ms; the latest counters win. */
  coalesceMs: number;
  /** Run with every heartbeat; false ends the stream (the caller lost access, or its slot). */
  stillAllowed: () => Promise<boolean>;
  /** Called once when the stream ends, whoever ends it. */
  onEnd: () => void;
};

// A client this far behind is dropped rather than buffered without bound; it resumes with Last-Event-ID.
const MAX_QUEUED_BYTES = 1024 * 1024;
const RECONNECT_MS = 3_000;

type Hold = { data: Record<string, unknown>; prevId: string; timer: NodeJS.Timeout };

/**
 * One client's Server-Sent Events stream of its account's live events.
 *
 * Ids: every event's `id:` is a cursor ("resume after this entry"), the id of the last Redis entry
 * whose events were all written or superseded. A progress event held back by coalescing holds the
 * cursor before its entry, so a client that reconnects in that window gets the entry again
 * (duplicates of idempotent states, never a lost counter).
 */
export async function openLiveStream(options: LiveStreamOptions): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const { hub, accountId, coalesceMs } = options;
  const allowed = (e: LiveEntryEvent) =>
    LIVE_EVENT_PERMISSION[e.type] !== undefined &&
    hasPermission(options.permissions, LIVE_EVENT_PERMISSION[e.type]);
  const holds = new Map<string, Hold>();
  const lastSent = new Map<string, number>();
  // The newest version of each group's counters seen: an older state published late is dropped.
  const versions = new Map<string, number>();
  let lastProcessed = options.lastEventId;
  let live = false;
  const waiting: LiveEntry[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let ended = false;
  let heartbeat: NodeJS.Timeout | undefined;

  const cursor = () => {
    let id = lastProcessed ?? '0-0';
    for (const hold of holds.values()) if (compareIds(hold.prevId, id) < 0) id = hold.prevId;
    return id;
  };

  function write(text: string): void {
    if (ended) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      end();
      return;
    }
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) end();
  }

  const emit = (type: string, data: unknown) =>
    write(`id: ${cursor()}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);

  function flush(groupId: string): void {
    const hold = holds.get(groupId);
    if (!hold) return;
    holds.delete(groupId);
    lastSent.set(groupId, Date.now());
    emit('group_message.progress', hold.data);
  }

  function process(entry: LiveEntry): void {
    if (lastProcessed && compareIds(entry.id, lastProcessed) <= 0) return;
    const prevId = lastProcessed ?? '0-0';
    lastProcessed = entry.id;
    const now = Date.now();
    // Holds first, then writes: an event written before its entry's held sibling would move the
    // cursor past an entry not yet fully delivered.
    const immediate: LiveEntryEvent[] = [];
    for (const event of entry.events) {
      if (!allowed(event)) continue;
      if (event.type !== 'group_message.progress') {
        immediate.push(event);
        continue;
      }
      const groupId = String(event.data.id);
      if (event.v !== undefined) {
        if (event.v < (versions.get(groupId) ?? 0)) continue;
        versions.set(groupId, event.v);
      }
      const held = holds.get(groupId);
      if (held) {
        held.data = event.data;
        continue;
      }
      const sentAt = lastSent.get(groupId);
      if (sentAt === undefined || now - sentAt >= coalesceMs) {
        lastSent.set(groupId, now);
        immediate.push(event);
      } else {
        const timer = setTimeout(() => flush(groupId), sentAt + coalesceMs - now);
        holds.set(groupId, { data: event.data, prevId, timer });
      }
    }
    for (const event of immediate) emit(event.type, event.data);
  }

  function end(): void {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    for (const hold of holds.values()) clearTimeout(hold.timer);
    holds.clear();
    hub.remove(listener);
    try {
      controller.close();
    } catch {
      // already closed or cancelled by the client
    }
    options.onEnd();
  }

  const listener: LiveListener = {
    accountId,
    onEntry: (entry) => (live ? process(entry) : waiting.push(entry)),
    end,
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        end();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );

  try {
    // Subscribe before reading the buffer, so nothing falls between the two; `process` drops what
    // both delivered.
    await hub.add(listener);
    write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    if (options.lastEventId) {
      const { entries, complete } = await hub.replay(accountId, options.lastEventId);
      // Too old to resume: the client refetches what it shows, then carries on from here.
      if (!complete) write(`event: resync\ndata: {}\n\n`);
      for (const entry of entries) process(entry);
    }
    live = true;
    for (const entry of waiting.splice(0)) process(entry);
  } catch (error) {
    end();
    throw error;
  }

  heartbeat = setInterval(() => {
    write(': heartbeat\n\n');
    const cutoff = Date.now() - coalesceMs;
    for (const [groupId, at] of lastSent) if (at < cutoff) lastSent.delete(groupId);
    if (versions.size > 10_000) versions.clear();
    void options.stillAllowed().then(
      (ok) => ok || end(),
      () => {},
    );
  }, options.heartbeatMs);
  heartbeat.unref();
  return stream;
}
