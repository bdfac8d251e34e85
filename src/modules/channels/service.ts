import { and, eq, inArray } from 'drizzle-orm';
import { PROVIDERS } from '../../../providers/registry.js';
import type { ProviderId } from '../../../providers/types.js';
import { auditChanges, auditOp } from '../../audit/record-audit.js';
import type { Config } from '../../config.js';
import { channels, groupMessages, scheduledMessages } from '../../db/schema/index.js';
import { uuidv7 } from '../../db/uuidv7.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { listRows, type ParsedList } from '../../http/list-query.js';
import { randomToken } from '../../security/tokens.js';
import { cancelGroupMessageIn } from '../group-messages/service.js';
import { cancelScheduledMessage, CANCELLABLE as SCHEDULES_THAT_RUN } from '../scheduled-messages/service.js';
import { sealChannelCredentials } from './channel-credentials.js';
import {
  mergeConfig,
  refusePrivateHostNames,
  resolveProvider,
  validateProviderInput,
} from './channel-input.js';
import { recordStatusChange, statusAfterChange } from './channel-status.js';
import type { ChannelRow } from './present-channel.js';
import type { ChannelCreate, ChannelUpdate } from './schemas.js';

/** The server settings channel writes depend on. */
export type ChannelSettings = Pick<
  Config,
  'credentialsKey' | 'publicBaseUrl' | 'providerBaseUrlOverride' | 'providerPrivateHosts'
>;

const inAccount = (ctx: OpContext, id: string) =>
  and(eq(channels.id, id), eq(channels.accountId, ctx.accountId));

const hasBaseUrl = (config: Record<string, unknown> | undefined) =>
  config !== undefined && config.base_url !== undefined && config.base_url !== null;

/**
 * What the audit log keeps of a channel change: its settings, and of the credentials only that they
 * changed (the ciphertext differs; the values are never recorded, not even masked).
 */
function channelChanges(before: ChannelRow | undefined, after: ChannelRow | undefined) {
  const snapshot = (row: ChannelRow | undefined) =>
    row && {
      name: row.name,
      provider: row.provider,
      config: row.config,
      sender_name: row.senderName,
      rate_limit: row.rateLimit,
      is_enabled: row.isEnabled,
      credentials: row.credentialsCiphertext,
    };
  return auditChanges(snapshot(before), snapshot(after), [
    'name',
    'provider',
    'config',
    'sender_name',
    'rate_limit',
    'is_enabled',
    'credentials',
  ]);
}

/** Settings shared by create and update, in column names; absent fields stay absent. */
function settingColumns(input: ChannelUpdate) {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.sender_name !== undefined ? { senderName: input.sender_name } : {}),
    ...(input.default_country_code !== undefined ? { defaultCountryCode: input.default_country_code } : {}),
    ...(input.rate_limit !== undefined ? { rateLimit: input.rate_limit } : {}),
    ...(input.quiet_hours !== undefined ? { quietHours: input.quiet_hours } : {}),
    ...(input.priority !== undefined ? { priority: input.priority } : {}),
    ...(input.retry_count !== undefined ? { retryCount: input.retry_count } : {}),
    ...(input.retry_interval !== undefined ? { retryInterval: input.retry_interval } : {}),
  };
}

/** Creates a channel; credentials are validated by the provider, then stored only encrypted. */
export async function createChannel(
  ctx: OpContext,
  settings: ChannelSettings,
  input: ChannelCreate,
): Promise<ChannelRow> {
  const provider: ProviderId = resolveProvider(input.channel_type, input.provider);
  const validated = validateProviderInput(
    PROVIDERS[provider],
    { credentials: input.credentials ?? {}, config: input.config ?? {} },
    {
      baseUrlAllowed: settings.providerBaseUrlOverride,
      baseUrlGiven: hasBaseUrl(input.config),
      privateHostsAllowed: settings.providerPrivateHosts,
    },
  );
  await refusePrivateHostNames(validated, settings.providerPrivateHosts);
  // The id is chosen here so the ciphertext can be bound to it.
  const id = uuidv7();
  const isEnabled = input.is_enabled ?? true;
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(channels)
      .values({
        id,
        accountId: ctx.accountId,
        name: input.name,
        channelType: input.channel_type,
        provider,
        ...sealChannelCredentials(id, validated.credentials ?? {}, settings.credentialsKey),
        config: validated.config ?? {},
        ...settingColumns(input),
        isEnabled,
        status: isEnabled ? 'disconnected' : 'disabled',
        webhookToken: randomToken(24),
      })
      .returning();
    await auditOp(ctx, tx, {
      action: 'channel.created',
      resourceType: 'channel',
      resourceId: id,
      changes: channelChanges(undefined, inserted!),
    });
    return inserted;
  });
  ctx.logger.info({ channel_id: id, provider }, 'channel created');
  return row!;
}

export async function getChannel(ctx: OpContext, id: string): Promise<ChannelRow> {
  const [row] = await ctx.db.select().from(channels).where(inAccount(ctx, id));
  if (!row) throw new NotFoundError('Channel');
  return row;
}

export async function listChannels(ctx: OpContext, parsed: ParsedList) {
  return listRows(ctx.db, channels, eq(channels.accountId, ctx.accountId), parsed);
}

/**
 * Changes a channel. Omitted credentials are kept; given credentials replace them all. New
 * credentials or config send an enabled channel back to `disconnected` until it is verified again
 * (one the provider refused stays in `error`: see `statusAfterChange`).
 */
export async function updateChannel(
  ctx: OpContext,
  settings: ChannelSettings,
  id: string,
  input: ChannelUpdate,
): Promise<ChannelRow> {
  return ctx.db.transaction(async (tx) => {
    // Row lock: concurrent writers (PATCH, verify, enable) apply one after the other.
    const [current] = await tx.select().from(channels).where(inAccount(ctx, id)).for('update');
    if (!current) throw new NotFoundError('Channel');
    const definition = PROVIDERS[current.provider as ProviderId];
    const validated = validateProviderInput(
      definition,
      {
        credentials: input.credentials,
        config: input.config === undefined ? undefined : mergeConfig(current.config, input.config),
      },
      {
        baseUrlAllowed: settings.providerBaseUrlOverride,
        baseUrlGiven: hasBaseUrl(input.config),
        privateHostsAllowed: settings.providerPrivateHosts,
      },
    );
    await refusePrivateHostNames(validated, settings.providerPrivateHosts);
    const settingsChanged = validated.credentials !== undefined || validated.config !== undefined;
    const status = statusAfterChange(current, { isEnabled: input.is_enabled, settingsChanged });
    const [row] = await tx
      .update(channels)
      .set({
        ...settingColumns(input),
        ...(validated.credentials !== undefined
          ? sealChannelCredentials(current.id, validated.credentials, settings.credentialsKey)
          : {}),
        ...(validated.config !== undefined ? { config: validated.config } : {}),
        ...(input.is_enabled !== undefined ? { isEnabled: input.is_enabled } : {}),
        ...status,
        updatedAt: new Date(),
      })
      .where(inAccount(ctx, id))
      .returning();
    await recordStatusChange(tx, current, row!);
    await auditOp(ctx, tx, {
      action: 'channel.updated',
      resourceType: 'channel',
      resourceId: id,
      changes: channelChanges(current, row!),
    });
    return row!;
  });
}

/**
 * Enables or disables a channel: disabled → `disabled`; enabled → `disconnected` until verified, or
 * `error` again when the provider had refused it.
 */
export async function setChannelEnabled(ctx: OpContext, id: string, isEnabled: boolean): Promise<ChannelRow> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(channels).where(inAccount(ctx, id)).for('update');
    if (!current) throw new NotFoundError('Channel');
    // Repeating the call changes nothing and writes no event.
    if (current.isEnabled === isEnabled) return current;
    const [row] = await tx
      .update(channels)
      .set({
        isEnabled,
        ...statusAfterChange(current, { isEnabled, settingsChanged: false }),
        updatedAt: new Date(),
      })
      .where(inAccount(ctx, id))
      .returning();
    await recordStatusChange(tx, current, row!);
    return row!;
  });
}

/**
 * Deletes a channel; its messages keep their history with no channel. While a broadcast (queued or
 * processing) or a schedule (pending, triggered or paused) uses it, 409 `channel_in_use`, unless
 * `force`, which cancels them first in the same transaction. The channel row is locked first, so a
 * broadcast or schedule created meanwhile either commits before the check (and is seen) or waits
 * and then finds the channel gone.
 */
export async function deleteChannel(
  ctx: OpContext,
  id: string,
  options: { force?: boolean } = {},
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [channel] = await tx.select().from(channels).where(inAccount(ctx, id)).for('update');
    if (!channel) throw new NotFoundError('Channel');
    const broadcasts = await tx
      .select({ id: groupMessages.id })
      .from(groupMessages)
      .where(
        and(
          eq(groupMessages.channelId, id),
          eq(groupMessages.accountId, ctx.accountId),
          inArray(groupMessages.status, ['queued', 'processing']),
        ),
      );
    const schedules = await tx
      .select({ id: scheduledMessages.id })
      .from(scheduledMessages)
      .where(
        and(
          eq(scheduledMessages.channelId, id),
          eq(scheduledMessages.accountId, ctx.accountId),
          inArray(scheduledMessages.status, SCHEDULES_THAT_RUN),
        ),
      );
    if ((broadcasts.length > 0 || schedules.length > 0) && !options.force) {
      throw new ConflictError(
        `The channel is used by ${broadcasts.length} active broadcast(s) and ${schedules.length} schedule(s); cancel them, or delete with ?force=true to cancel them first`,
        'channel_in_use',
      );
    }
    for (const b of broadcasts) await cancelGroupMessageIn(tx, ctx, b.id, 'channel_deleted');
    for (const s of schedules) await cancelScheduledMessage(ctx, s.id, tx, 'channel_deleted');
    await tx.delete(channels).where(inAccount(ctx, id));
    await auditOp(ctx, tx, {
      action: 'channel.deleted',
      resourceType: 'channel',
      resourceId: id,
      changes: channelChanges(channel, undefined),
    });
    ctx.logger.info(
      { channel_id: id, cancelled_broadcasts: broadcasts.length, cancelled_schedules: schedules.length },
      'channel deleted',
    );
  });
}
