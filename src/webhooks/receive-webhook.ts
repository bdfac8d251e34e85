import { eq } from 'drizzle-orm';
import type { WebhookKind } from '../../providers/definition.js';
import { isProviderId, PROVIDERS } from '../../providers/registry.js';
import type { ChannelProvider, RawWebhook } from '../../providers/types.js';
import type { Db } from '../db/client.js';
import { channels } from '../db/schema/index.js';
import { ChannelCache } from '../dispatch/channel-cache.js';
import { isFinal } from '../dispatch/receipts.js';
import { TtlCache } from '../dispatch/ttl-cache.js';
import { AppError, BadRequestError } from '../errors.js';
import type { ProviderSettings } from '../modules/channels/channel-provider.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import type { Logger } from '../observability/logger.js';
import { type InboxEvent, WebhookInbox } from './inbox.js';

/** What the route answers a provider. */
export type WebhookAnswer =
  | { status: 200; contentType: string; body: string }
  | { status: 401 | 404 | 405; detail: string };

export type WebhookRequest = {
  provider: string;
  token: string;
  /** The path after the token: '' or '/status' or '/inbound'. */
  suffix: string;
  raw: RawWebhook;
};

const UNAUTHORIZED: WebhookAnswer = { status: 401, detail: 'Unauthorized' };

/**
 * Receives provider webhooks in the API process: finds the channel by the token in the URL, lets
 * its adapter check the provider's signature (else 401, with no detail), parses the body into
 * normalized events (a body the adapter cannot read: 400), and stores the events in the inbox for
 * the `webhooks` role. No message or contact is touched here, so the answer is fast whatever the
 * burst. Receipts that cannot change anything (`queued`, `sent`) are acknowledged and dropped.
 */
export class WebhookReceiver {
  private readonly byToken: TtlCache<string, ChannelRow | null>;
  private readonly adapters: ChannelCache;
  private readonly inbox: WebhookInbox;

  constructor(
    private readonly db: Db,
    settings: ProviderSettings,
    logger: Logger,
  ) {
    this.byToken = new TtlCache(2_000);
    this.adapters = new ChannelCache(db, settings, logger);
    this.inbox = new WebhookInbox(db);
  }

  /** Handles one webhook request. Throws BadRequestError for a malformed body. */
  async receive(req: WebhookRequest): Promise<WebhookAnswer> {
    if (!isProviderId(req.provider)) return { status: 404, detail: `No provider ${req.provider}` };
    const kinds = (Object.entries(PROVIDERS[req.provider].webhooks) as [WebhookKind, string][])
      .filter(([, suffix]) => suffix === req.suffix)
      .map(([kind]) => kind);
    if (kinds.length === 0) return { status: 404, detail: 'No such webhook' };
    const channel = await this.channelOf(req.token);
    if (!channel || channel.provider !== req.provider) return UNAUTHORIZED;
    let adapter: ChannelProvider;
    try {
      adapter = this.adapters.adapter(channel);
    } catch {
      // Stored settings that no longer open: nothing can check the signature.
      return UNAUTHORIZED;
    }

    // A GET is a handshake, unless the vendor delivers its webhooks by GET (Vonage).
    if (req.raw.method === 'GET' && !PROVIDERS[req.provider].webhookGet) {
      if (!adapter.webhookChallenge) return { status: 405, detail: 'This webhook takes POST' };
      const challenge = safely(() => adapter.webhookChallenge!(req.raw));
      return challenge === null ? UNAUTHORIZED : { status: 200, contentType: 'text/plain', body: challenge };
    }

    if (!adapter.verifyWebhook || !safely(() => adapter.verifyWebhook!(req.raw))) return UNAUTHORIZED;
    const events: InboxEvent[] = [];
    for (const kind of kinds) {
      if (kind === 'status') {
        for (const event of parse(() => adapter.parseStatus?.(req.raw) ?? [])) {
          // queued/sent change nothing once the send is recorded; unknown statuses are stored (and ignored).
          if (isFinal(event) || event.status === 'unknown') events.push({ kind, event });
        }
      } else {
        for (const event of parse(() => adapter.parseInbound?.(req.raw) ?? [])) events.push({ kind, event });
      }
    }
    if (events.length > 0) await this.inbox.store(channel, events);
    const reply = adapter.webhookReply?.(kinds.includes('inbound') ? 'inbound' : 'status');
    return { status: 200, contentType: reply?.contentType ?? 'text/plain', body: reply?.body ?? '' };
  }

  private channelOf(token: string): Promise<ChannelRow | null> {
    // Tokens are random 32-character strings; anything else cannot be one (no query for garbage).
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return Promise.resolve(null);
    return this.byToken.get(token, async () => {
      const [row] = await this.db.select().from(channels).where(eq(channels.webhookToken, token));
      return row ?? null;
    });
  }
}

/** A check that throws (a vendor quirk, a bug) is a refusal, never a 5xx. */
function safely<T>(check: () => T): T | null {
  try {
    return check();
  } catch {
    return null;
  }
}

/** Runs a parser: its own 400 passes, anything else it throws is a malformed body too. */
function parse<T>(parser: () => T[]): T[] {
  try {
    return parser();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new BadRequestError('Malformed webhook', undefined, 'malformed_webhook');
  }
}
