import { and, eq } from 'drizzle-orm';
import type { VerifyResult } from '../../../providers/types.js';
import { channels } from '../../db/schema/index.js';
import type { RedisSessionStores } from '../../dispatch/session-store.js';
import { ConflictError, NotFoundError, ProviderError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { openChannelCredentials, sealChannelCredentials } from './channel-credentials.js';
import { createChannelProvider, type ProviderSettings } from './channel-provider.js';
import { recordStatusChange, sameSettings } from './channel-status.js';
import type { ChannelRow } from './present-channel.js';
import { getChannel } from './service.js';

const VERIFY_TIMEOUT_MS = 15_000;

/** Runs the adapter's credentials check with a deadline; provider failures become a verify result. */
async function checkProvider(
  row: ChannelRow,
  settings: ProviderSettings,
  sessionStores: RedisSessionStores | undefined,
): Promise<VerifyResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderError('The provider did not answer in time', true, 'provider_timeout')),
      VERIFY_TIMEOUT_MS,
    );
  });
  try {
    const provider = createChannelProvider(row, settings, {
      sessionStore: sessionStores?.forChannel(row.id),
    });
    try {
      return await Promise.race([provider.verify(), deadline]);
    } finally {
      await provider.close?.();
    }
  } catch (error) {
    // NotImplementedError (501) and our own bugs propagate; a provider's refusal is a result.
    if (!(error instanceof ProviderError)) throw error;
    const rateLimited = error.code === 'rate_limited' || error.retryAfterMs !== undefined;
    if (rateLimited) return { status: 'rate_limited', errorMessage: error.message };
    // A provider that is down or slow says nothing about the credentials: the channel is not in
    // `error` (which holds its messages until verified again), only not connected.
    return { status: error.retryable ? 'disconnected' : 'error', errorMessage: error.message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Secrets the adapter generated while verifying (Telegram's webhook secret), sealed together with
 * the stored credentials. The mask keeps showing only what the user entered: a generated secret is
 * never shown, not even masked.
 */
function generatedColumns(current: ChannelRow, result: VerifyResult, settings: ProviderSettings) {
  if (result.status !== 'connected' || !result.generatedCredentials) return {};
  const stored = openChannelCredentials(current, settings.credentialsKey);
  const sealed = sealChannelCredentials(
    current.id,
    { ...stored, ...result.generatedCredentials },
    settings.credentialsKey,
  );
  return { ...sealed, credentialsMask: current.credentialsMask };
}

/** Checks a channel's credentials with its provider and records `status`, `last_verified_at`, `error_message`. */
export async function verifyChannel(
  ctx: OpContext,
  settings: ProviderSettings,
  id: string,
  sessionStores?: RedisSessionStores,
): Promise<ChannelRow> {
  const row = await getChannel(ctx, id);
  if (!row.isEnabled) throw new ConflictError('Enable the channel before verifying it', 'channel_disabled');
  const result = await checkProvider(row, settings, sessionStores);
  const errorMessage = result.status === 'connected' ? null : result.errorMessage;
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(channels)
      .where(and(eq(channels.id, id), eq(channels.accountId, ctx.accountId)))
      .for('update');
    if (!current) throw new NotFoundError('Channel');
    // A channel disabled or given new settings while the provider answered keeps that newer state.
    if (!current.isEnabled || !sameSettings(current, row)) {
      throw new ConflictError(
        'The channel changed while it was being verified; verify again',
        'channel_changed',
      );
    }
    // Only a verify that connects releases a channel the provider refused; one the provider could
    // not answer (down, slow, throttling) leaves it held, and so in `error`.
    const needsVerify =
      result.status === 'connected' ? false : result.status === 'error' ? true : current.needsVerify;
    const now = new Date();
    const [updated] = await tx
      .update(channels)
      .set({
        status: needsVerify ? 'error' : result.status,
        needsVerify,
        lastVerifiedAt: now,
        errorMessage,
        updatedAt: now,
        ...generatedColumns(current, result, settings),
      })
      .where(and(eq(channels.id, id), eq(channels.accountId, ctx.accountId)))
      .returning();
    await recordStatusChange(tx, current, updated!);
    ctx.logger.info({ channel_id: id, status: result.status }, 'channel verified');
    return updated!;
  });
}
