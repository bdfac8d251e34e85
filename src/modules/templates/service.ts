import { and, eq } from 'drizzle-orm';
import { createAudited, deleteAudited, resourceAuditor, updateAudited } from '../../audit/record-audit.js';
import { CHANNEL_TYPES } from '../../db/schema/channels.js';
import { APPROVAL_STATUSES, FALLBACK_STRATEGIES, templates } from '../../db/schema/index.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { type ListSpec, listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import { iso } from '../../http/openapi.js';
import { parseTemplate } from '../../templates/index.js';
import type { Template, TemplateCreate, TemplateUpdate } from './schemas.js';

export type TemplateRow = typeof templates.$inferSelect;

export const templateList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: templates.id },
    name: { type: 'text', column: templates.name },
    category: { type: 'text', column: templates.category },
    channel_type: { type: 'enum', column: templates.channelType, values: CHANNEL_TYPES },
    language: { type: 'text', column: templates.language },
    fallback_strategy: { type: 'enum', column: templates.fallbackStrategy, values: FALLBACK_STRATEGIES },
    approval_status: { type: 'enum', column: templates.approvalStatus, values: APPROVAL_STATUSES },
    external_template_id: { type: 'text', column: templates.externalTemplateId },
    created_by_user_id: { type: 'uuid', column: templates.createdByUserId },
    created_at: { type: 'timestamp', column: templates.createdAt },
    updated_at: { type: 'timestamp', column: templates.updatedAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: templates.id,
};

export function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    name: row.name,
    message_body: row.messageBody,
    subject: row.subject,
    category: row.category,
    channel_type: row.channelType,
    language: row.language,
    variables: row.variables,
    default_values: row.defaultValues,
    fallback_strategy: row.fallbackStrategy,
    approval_status: row.approvalStatus,
    external_template_id: row.externalTemplateId,
    created_by_user_id: row.createdByUserId,
    created_at: iso(row.createdAt)!,
    updated_at: iso(row.updatedAt)!,
  };
}

/** Checks body and subject (422 at the field when malformed) and derives `variables` from both. */
function deriveVariables(messageBody: string, subject: string | null | undefined): string[] {
  const fromBody = parseTemplate(messageBody, 'message_body').variables;
  const fromSubject = subject ? parseTemplate(subject, 'subject').variables : [];
  return [...new Set([...fromBody, ...fromSubject])];
}

/**
 * A provider template (WhatsApp's approved template: `external_template_id`) is sent in the language
 * it was approved in, so it needs `language`; without one every send with it would fail.
 */
function requireLanguage(template: {
  channelType: string | null;
  externalTemplateId: string | null;
  language: string | null;
}): void {
  if (template.channelType !== 'whatsapp' || !template.externalTemplateId || template.language) return;
  const message =
    'required with external_template_id: the language the template was approved in (e.g. en_US)';
  throw new ValidationError(`language ${message}`, [{ path: 'language', message }]);
}

const AUDITED_FIELDS = [
  'name',
  'message_body',
  'subject',
  'category',
  'channel_type',
  'language',
  'default_values',
  'fallback_strategy',
  'approval_status',
  'external_template_id',
] as const;

const templateAudit = resourceAuditor('template', toTemplate, AUDITED_FIELDS);

export async function listTemplates(ctx: OpContext, parsed: ParsedList) {
  const scope = and(eq(templates.accountId, ctx.accountId), eq(templates.oneOff, false));
  const page = await listRows(ctx.db, templates, scope, parsed);
  return presentPage(page, toTemplate);
}

/** A template of the caller's account; another account's answers 404. */
export async function getTemplate(ctx: OpContext, id: string): Promise<TemplateRow> {
  const [row] = await ctx.db
    .select()
    .from(templates)
    .where(and(eq(templates.id, id), eq(templates.accountId, ctx.accountId)));
  if (!row) throw new NotFoundError('Template');
  return row;
}

export async function createTemplate(
  ctx: OpContext,
  input: TemplateCreate,
  options: { oneOff?: boolean } = {},
): Promise<TemplateRow> {
  const variables = deriveVariables(input.message_body, input.subject);
  requireLanguage({
    channelType: input.channel_type ?? null,
    externalTemplateId: input.external_template_id ?? null,
    language: input.language ?? null,
  });
  return createAudited(ctx, templateAudit, (tx) =>
    tx.db
      .insert(templates)
      .values({
        accountId: ctx.accountId,
        name: input.name,
        messageBody: input.message_body,
        subject: input.subject ?? null,
        category: input.category ?? null,
        channelType: input.channel_type ?? null,
        language: input.language ?? null,
        variables,
        defaultValues: input.default_values ?? {},
        fallbackStrategy: input.fallback_strategy ?? 'keep_placeholder',
        approvalStatus: input.approval_status ?? 'not_required',
        externalTemplateId: input.external_template_id ?? null,
        createdByUserId: ctx.actor.type === 'user' ? ctx.actor.userId : null,
        oneOff: options.oneOff ?? false,
      })
      .returning(),
  );
}

export async function updateTemplate(
  ctx: OpContext,
  id: string,
  input: TemplateUpdate,
): Promise<TemplateRow> {
  const scope = and(eq(templates.id, id), eq(templates.accountId, ctx.accountId));
  return updateAudited(
    ctx,
    'Template',
    templateAudit,
    (tx) => tx.db.select().from(templates).where(scope).for('update'),
    (tx, current) => tx.db.update(templates).set(templateChanges(current, input)).where(scope).returning(),
  );
}

/** The columns a PATCH sets; `variables` derived again when the body or subject changes. */
function templateChanges(current: TemplateRow, input: TemplateUpdate) {
  const messageBody = input.message_body ?? current.messageBody;
  const subject = input.subject !== undefined ? input.subject : current.subject;
  const set: Partial<typeof templates.$inferInsert> = { updatedAt: new Date() };
  if (input.message_body !== undefined || input.subject !== undefined) {
    set.variables = deriveVariables(messageBody, subject);
  }
  if (input.name !== undefined) set.name = input.name;
  if (input.message_body !== undefined) set.messageBody = input.message_body;
  if (input.subject !== undefined) set.subject = input.subject;
  if (input.category !== undefined) set.category = input.category;
  if (input.channel_type !== undefined) set.channelType = input.channel_type;
  if (input.language !== undefined) set.language = input.language;
  if (input.default_values !== undefined) set.defaultValues = input.default_values;
  if (input.fallback_strategy !== undefined) set.fallbackStrategy = input.fallback_strategy;
  if (input.approval_status !== undefined) set.approvalStatus = input.approval_status;
  if (input.external_template_id !== undefined) set.externalTemplateId = input.external_template_id;
  requireLanguage({
    channelType: set.channelType !== undefined ? set.channelType : current.channelType,
    externalTemplateId:
      set.externalTemplateId !== undefined ? set.externalTemplateId : current.externalTemplateId,
    language: set.language !== undefined ? set.language : current.language,
  });
  return set;
}

export async function deleteTemplate(ctx: OpContext, id: string): Promise<void> {
  await deleteAudited(ctx, 'Template', templateAudit, (tx) =>
    tx.db
      .delete(templates)
      .where(and(eq(templates.id, id), eq(templates.accountId, ctx.accountId)))
      .returning(),
  );
}
