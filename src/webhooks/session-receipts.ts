import { sql } from 'drizzle-orm';
import type { StatusEvent } from '../../providers/types.js';
import type { Db } from '../db/client.js';
import { Batcher } from '../dispatch/batcher.js';
import { applyGroupProgress, type GroupDelta } from '../dispatch/group-progress.js';
import { receiptKey } from '../dispatch/part-receipts.js';
import { isFinal } from '../dispatch/receipts.js';
import type { LiveEvent } from '../live/live-event.js';
import type { LivePublisher } from '../live/publisher.js';
import type { Logger } from '../observability/logger.js';
import { applyKnownReceipts } from './apply-events.js';
import { inboxRows, insertInboxRows, type WebhookInbox } from './inbox.js';

type Item = { channel: { id: string; accountId: string }; event: StatusEvent };

// A batch waits at most this long for a lock (a broadcast's group row under heavy writes, a cancel),
// then goes to the inbox instead: the acknowledgements of every bind of the process wait for it.
const LOCK_TIMEOUT_MS = 2_000;

/**
 * Receipts that arrive over a provider's own session (SMPP `deliver_sm`), applied where they arrive:
 * unlike a webhook, whose request must be answered at once, a session waits for its acknowledgement,
 * so the receipts of all of this process's binds are gathered for a few milliseconds and applied in
 * one transaction through the one receipt path (group counters included). Only what cannot be
 * applied yet goes to the webhook inbox, in the same transaction, for the `webhooks` role: a receipt
 * whose send is not recorded yet (it waits there, as a webhook's would) and an unknown vendor status
 * (kept, ignored). A receipt applied here is not kept as an inbox row: that row, and the `webhooks`
 * role's read and mark of it, were two of the three row writes a receipt cost. A repeated receipt
 * changes nothing, as the receipt path ignores a message that already moved on.
 *
 * Should PostgreSQL refuse the batch (a value it cannot take, a lock not had within 2 s), every
 * receipt of it goes to the inbox, which cleans what it stores and isolates a row it still refuses.
 * The caller's promise resolves once its receipts are committed either way, so the SMSC is
 * acknowledged only for what is stored.
 */
export class SessionReceipts {
  private readonly batcher: Batcher<Item, undefined>;

  constructor(
    private readonly db: Db,
    private readonly inbox: WebhookInbox,
    private readonly logger: Logger,
    private readonly live?: LivePublisher,
  ) {
    // One flush at a time: batches of one process never wait on each other's group rows.
    this.batcher = new Batcher((items) => this.flush(items), {
      maxItems: 500,
      maxWaitMs: 2,
      maxConcurrent: 1,
    });
  }

  /** Records one channel's receipts; resolves once they are applied or stored. */
  async record(channel: { id: string; accountId: string }, events: StatusEvent[]): Promise<void> {
    await this.batcher.addMany(events.map((event) => ({ channel, event })));
  }

  async drain(): Promise<void> {
    await this.batcher.drain();
  }

  private async flush(items: Item[]): Promise<undefined[]> {
    let progress: LiveEvent[] = [];
    try {
      progress = await this.apply(items);
    } catch (error) {
      this.logger.warn(
        { receipts: items.length, err: (error as Error).name },
        'applying session receipts failed; storing them in the webhook inbox',
      );
      const byChannel = new Map<string, Item[]>();
      for (const item of items)
        byChannel.set(item.channel.id, [...(byChannel.get(item.channel.id) ?? []), item]);
      // Every channel's share is tried; any failure refuses the whole batch (the SMSC sends it again,
      // and what was stored meanwhile is a duplicate the inbox ignores).
      const stored = await Promise.allSettled(
        [...byChannel.values()].map((group) =>
          this.inbox.store(
            group[0]!.channel,
            group.map((i) => ({ kind: 'status', event: i.event })),
          ),
        ),
      );
      const failed = stored.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    // Published without holding up the acknowledgements (a live stream is best effort).
    if (this.live && progress.length > 0) {
      this.live.publish(progress).catch((error: unknown) => {
        this.logger.warn({ err: (error as Error).name }, 'publishing receipt progress failed');
      });
    }
    return items.map(() => undefined);
  }

  private apply(items: Item[]): Promise<LiveEvent[]> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`));
      const deltas = new Map<string, GroupDelta>();
      const applicable = new Set(items.filter((i) => isFinal(i.event) && !i.event.watermark));
      const found = await applyKnownReceipts(
        tx,
        [...applicable].map((i) => ({ ...i.event, channelId: i.channel.id })),
        deltas,
      );
      const progress = await applyGroupProgress(tx, deltas);
      const waiting = items.filter(
        (i) => !applicable.has(i) || !found.has(receiptKey(i.channel.id, i.event.providerMessageId)),
      );
      await insertInboxRows(
        tx,
        waiting.flatMap((i) => inboxRows(i.channel, [{ kind: 'status', event: i.event }])),
      );
      return progress;
    });
  }
}
