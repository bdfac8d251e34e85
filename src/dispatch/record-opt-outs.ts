import { sql } from 'drizzle-orm';
import { withOptOutAudit } from '../audit/record-audit.js';
import type { Db } from '../db/client.js';
import { type ChannelType, consentAddress } from '../messages/address.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import type { Logger } from '../observability/logger.js';
import type { PreparedMessage } from './prepare-messages.js';

/**
 * Records the recipients a provider refused because they opted out with it (Twilio 21610: they
 * replied STOP) in `opt_outs`, source `provider`, one row per account, channel type and address.
 * Each with its audit entry (actor `system`). Best effort: the message outcome is already written, and a failure here is logged, not thrown.
 */
export async function recordOptOuts(
  db: Db,
  channel: Pick<ChannelRow, 'id' | 'accountId' | 'channelType' | 'provider'>,
  refused: PreparedMessage[],
  logger: Logger,
): Promise<void> {
  if (refused.length === 0) return;
  const rows = refused.map((p) => ({
    address: consentAddress(channel.channelType as ChannelType, p.to),
    contact_id: p.message.contactId,
  }));
  try {
    await db.execute(
      withOptOutAudit(sql`
      INSERT INTO opt_outs (account_id, channel_type, address, contact_id, source, reason)
      SELECT ${channel.accountId}::uuid, ${channel.channelType}, r.address,
        (SELECT c.id FROM contacts c WHERE c.id = r.contact_id AND c.account_id = ${channel.accountId}::uuid),
        'provider',
        ${`${channel.provider} refused the message: the recipient opted out`}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(address text, contact_id uuid)
      ON CONFLICT (account_id, channel_type, address) DO NOTHING`),
    );
  } catch (error) {
    logger.warn({ channel_id: channel.id, err: (error as Error).name }, 'recording opt-outs failed');
  }
}
