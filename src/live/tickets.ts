import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Actor } from '../http/context.js';
import { sha256Hex } from '../security/tokens.js';
import { liveKeys } from './live-event.js';

/** How long a stream ticket may wait before it is used, unless configured (EVENT_TICKET_TTL_SECONDS). */
export const TICKET_TTL_SECONDS = 30;

/** What a ticket stands for: the caller who asked for it, in the account it asked in. */
export type TicketGrant = { accountId: string; actor: Actor };

/**
 * Stream tickets: a browser's EventSource cannot send an Authorization header, so the console trades
 * its access token for a short-lived, single-use `?ticket=`. Only the ticket's hash is kept in Redis.
 */
export class StreamTickets {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlSeconds = TICKET_TTL_SECONDS,
  ) {
    this.keys = liveKeys(prefix);
  }

  /** Issues a ticket for `grant`; returns the ticket and when it lapses. */
  async issue(grant: TicketGrant): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = `evt_${randomBytes(24).toString('base64url')}`;
    await this.redis.set(this.keys.ticket(sha256Hex(ticket)), JSON.stringify(grant), 'EX', this.ttlSeconds);
    return { ticket, expiresAt: new Date(Date.now() + this.ttlSeconds * 1000) };
  }

  /** Takes a ticket: its grant the first time, undefined after that or once it lapsed. */
  async redeem(ticket: string): Promise<TicketGrant | undefined> {
    if (!/^evt_[A-Za-z0-9_-]{32}$/.test(ticket)) return undefined;
    const stored = await this.redis.getdel(this.keys.ticket(sha256Hex(ticket)));
    return stored ? (JSON.parse(stored) as TicketGrant) : undefined;
  }
}
