import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db, DbOrTx } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { BadRequestError, ConflictError } from '../errors.js';
import { opContext } from './auth.js';
import type { AppDeps, AppEnv, OpContext } from './context.js';

const TTL_MS = 24 * 3_600_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type StoredResponse = { status: number; body: unknown; replayed: boolean };

/** A stable hash of a JSON body: object keys sorted, so key order does not matter. */
export function hashBody(body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as object)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

/** Validates an `Idempotency-Key` header value; undefined when absent. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_PATTERN.test(header)) {
    throw new BadRequestError('Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { path: 'Idempotency-Key', message: 'invalid' },
    ]);
  }
  return header;
}

/**
 * Runs `create` at most once per (account, scope, key) within 24 hours. The key row, the work and the
 * stored response share one transaction: a concurrent duplicate waits on the key's unique index and
 * then replays the committed response; a crash leaves nothing behind. Another body under the same key → 409.
 */
export async function runIdempotent(
  db: Db,
  options: { accountId: string; scope: string; key: string | undefined; body: unknown },
  create: (tx: DbOrTx) => Promise<{ status: number; body: unknown }>,
): Promise<StoredResponse> {
  const { key } = options;
  if (key === undefined) {
    const result = await db.transaction((tx) => create(tx));
    return { ...result, replayed: false };
  }
  const requestHash = hashBody(options.body);
  return db.transaction(async (tx) => {
    const now = new Date();
    // Claims the key, or takes over an expired claim; no row back means a live claim exists.
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({
        accountId: options.accountId,
        scope: options.scope,
        key,
        requestHash,
        expiresAt: new Date(now.getTime() + TTL_MS),
      })
      .onConflictDoUpdate({
        target: [idempotencyKeys.accountId, idempotencyKeys.scope, idempotencyKeys.key],
        set: {
          requestHash,
          responseStatus: null,
          responseBody: null,
          createdAt: now,
          expiresAt: new Date(now.getTime() + TTL_MS),
        },
        setWhere: sql`${idempotencyKeys.expiresAt} <= ${now.toISOString()}::timestamptz`,
      })
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [existing] = await tx
        .select()
        .from(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.accountId, options.accountId),
            eq(idempotencyKeys.scope, options.scope),
            eq(idempotencyKeys.key, key),
          ),
        );
      if (!existing || existing.requestHash !== requestHash) {
        throw new ConflictError(
          'This Idempotency-Key was used with another request body',
          'idempotency_key_reused',
        );
      }
      return { status: existing.responseStatus ?? 200, body: existing.responseBody, replayed: true };
    }
    const result = await create(tx);
    await tx
      .update(idempotencyKeys)
      .set({ responseStatus: result.status, responseBody: result.body })
      .where(
        and(
          eq(idempotencyKeys.accountId, options.accountId),
          eq(idempotencyKeys.scope, options.scope),
          eq(idempotencyKeys.key, key),
        ),
      );
    return { ...result, replayed: false };
  });
}

/** The `Idempotency-Key` request header, for route definitions. */
export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z.string().optional().openapi({
    description:
      'Same key and body within 24 h returns the first response and creates nothing; another body → 409',
  }),
});

/**
 * Runs a tenant route's create operation under the request's `Idempotency-Key` (if any), with the
 * operation context bound to the transaction; marks replays with `Idempotent-Replayed: true`.
 */
export async function createIdempotently<T>(
  c: Context<AppEnv>,
  deps: AppDeps,
  input: unknown,
  create: (ctx: OpContext) => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  const ctx = opContext(c, deps);
  const result = await runIdempotent(
    deps.database.db,
    {
      accountId: ctx.accountId,
      scope: `${c.req.method} ${c.req.routePath}`,
      key: readIdempotencyKey(c.req.header('idempotency-key')),
      body: input,
    },
    (tx) => create({ ...ctx, db: tx }),
  );
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return { status: result.status, body: result.body as T, replayed: result.replayed };
}
