import { isProviderId, webhookUrls } from '../../../providers/registry.js';
import { PROVIDER_IDS } from '../../../providers/types.js';
import { CHANNEL_STATUSES, CHANNEL_TYPES, channels } from '../../db/schema/index.js';
import type { ListSpec } from '../../http/list-query.js';
import type { Channel } from './schemas.js';

export type ChannelRow = typeof channels.$inferSelect;

export const channelList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: channels.id },
    name: { type: 'text', column: channels.name },
    channel_type: { type: 'enum', column: channels.channelType, values: CHANNEL_TYPES },
    provider: { type: 'enum', column: channels.provider, values: PROVIDER_IDS },
    status: { type: 'enum', column: channels.status, values: CHANNEL_STATUSES },
    is_enabled: { type: 'boolean', column: channels.isEnabled },
    sender_name: { type: 'text', column: channels.senderName },
    default_country_code: { type: 'text', column: channels.defaultCountryCode },
    rate_limit: { type: 'number', column: channels.rateLimit },
    priority: { type: 'number', column: channels.priority },
    last_verified_at: { type: 'timestamp', column: channels.lastVerifiedAt },
    created_at: { type: 'timestamp', column: channels.createdAt },
    updated_at: { type: 'timestamp', column: channels.updatedAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: channels.id,
};

/** The API view of a channel: credentials only as the mask stored at write time (reads never decrypt). */
export function toChannel(row: ChannelRow, publicBaseUrl: string): Channel {
  if (!isProviderId(row.provider)) throw new Error(`channel ${row.id} has unknown provider ${row.provider}`);
  return {
    id: row.id,
    name: row.name,
    channel_type: row.channelType,
    provider: row.provider,
    credentials: row.credentialsMask,
    config: row.config,
    sender_name: row.senderName,
    default_country_code: row.defaultCountryCode,
    rate_limit: row.rateLimit,
    quiet_hours: row.quietHours ?? null,
    priority: row.priority,
    retry_count: row.retryCount,
    retry_interval: row.retryInterval,
    is_enabled: row.isEnabled,
    status: row.status,
    last_verified_at: row.lastVerifiedAt?.toISOString() ?? null,
    error_message: row.errorMessage,
    webhook_urls: webhookUrls(publicBaseUrl, row.provider, row.webhookToken),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
