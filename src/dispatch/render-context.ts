import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { GroupMessageStatus } from '../db/schema/group-messages.js';
import { accounts, groupMessages, scheduledMessages, templates } from '../db/schema/index.js';
import type { ConsentSettings, QuietHours } from '../db/schema/tenancy.js';
import type { FallbackStrategy } from '../templates/index.js';
import { lastInboundTimes, type SessionChannel, type SessionMessage } from './session-window.js';
import { TtlCache } from './ttl-cache.js';

export type TemplateSource = {
  messageBody: string;
  subject: string | null;
  fallbackStrategy: FallbackStrategy;
  defaultValues: Record<string, string>;
  /** A provider-side template (WhatsApp): its channel type, approved name and language. */
  channelType: string | null;
  externalTemplateId: string | null;
  language: string | null;
};
export type GroupSource = {
  status: GroupMessageStatus;
  templateId: string | null;
  variables: Record<string, string>;
  /** The broadcast's own pace (messages/s), within the channel's rate limit; null: the channel's. */
  sendRate: number | null;
  /** `HH:MM` in each recipient's zone, or null (see local-time-gate.ts). */
  localSendTime: string | null;
  /** When the broadcast starts for its local send time: its `scheduled_at`, else `started_at`. */
  releaseFrom: Date;
  /** The zone of the schedule that created the broadcast ({DATE}, {TIME}), else null: the account's. */
  timezone: string | null;
};
export type AccountSource = {
  name: string;
  timezone: string;
  consent: ConsentSettings;
  quietHours: QuietHours | null;
};

/**
 * The rows rendering reads besides the contact, cached per process for a few seconds: a broadcast's
 * group, its template and the account. The compiled form of a template body is cached by the
 * renderer itself (compile once), so re-reading a template row only costs a primary-key lookup.
 */
export class RenderContext {
  private readonly groups = new TtlCache<string, GroupSource | null>(2_000);
  private readonly templates = new TtlCache<string, TemplateSource | null>(5_000);
  // Short: the account's consent settings (frequency cap) apply within seconds of a change.
  private readonly accounts = new TtlCache<string, AccountSource | null>(2_000);

  constructor(readonly db: Db) {}

  /** When each message's recipient last wrote to the channel (see session-window.ts). */
  lastInbound(channel: SessionChannel, messages: readonly SessionMessage[]): Promise<Map<string, Date>> {
    return lastInboundTimes(this.db, channel, messages);
  }

  group(accountId: string, groupId: string): Promise<GroupSource | null> {
    return this.groups.get(`${accountId}/${groupId}`, async () => {
      const [row] = await this.db
        .select({
          status: groupMessages.status,
          templateId: groupMessages.templateId,
          variables: groupMessages.variables,
          sendRate: groupMessages.sendRate,
          localSendTime: groupMessages.localSendTime,
          scheduledAt: groupMessages.scheduledAt,
          startedAt: groupMessages.startedAt,
          createdAt: groupMessages.createdAt,
          timezone: scheduledMessages.timezone,
        })
        .from(groupMessages)
        .leftJoin(
          scheduledMessages,
          and(
            eq(scheduledMessages.id, groupMessages.scheduledMessageId),
            eq(scheduledMessages.accountId, groupMessages.accountId),
          ),
        )
        .where(and(eq(groupMessages.id, groupId), eq(groupMessages.accountId, accountId)));
      if (!row) return null;
      // Never "now": a reference that moved with each job would push a released message to the next day.
      const { scheduledAt, startedAt, createdAt, ...group } = row;
      return { ...group, releaseFrom: scheduledAt ?? startedAt ?? createdAt };
    });
  }

  template(accountId: string, templateId: string): Promise<TemplateSource | null> {
    return this.templates.get(`${accountId}/${templateId}`, async () => {
      const [row] = await this.db
        .select({
          messageBody: templates.messageBody,
          subject: templates.subject,
          fallbackStrategy: templates.fallbackStrategy,
          defaultValues: templates.defaultValues,
          channelType: templates.channelType,
          externalTemplateId: templates.externalTemplateId,
          language: templates.language,
        })
        .from(templates)
        .where(and(eq(templates.id, templateId), eq(templates.accountId, accountId)));
      return row ?? null;
    });
  }

  account(accountId: string): Promise<AccountSource | null> {
    return this.accounts.get(accountId, async () => {
      const [row] = await this.db
        .select({
          name: accounts.name,
          timezone: accounts.timezone,
          consent: accounts.consent,
          quietHours: accounts.quietHours,
        })
        .from(accounts)
        .where(eq(accounts.id, accountId));
      return row ?? null;
    });
  }
}
