import { and, eq } from 'drizzle-orm';
import { accounts, contacts } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { compileTemplate, type FallbackStrategy, measureSms, renderTemplate } from '../../templates/index.js';
import type { TemplatePreview, TemplatePreviewRequest } from './schemas.js';
import { getTemplate } from './service.js';

/**
 * Renders a body or a saved template for one contact (optional) with the same renderer the send
 * worker uses, and measures the result as an SMS. A saved template brings its fallback strategy
 * and default values; a raw body keeps missing placeholders as written.
 */
export async function previewTemplate(
  ctx: OpContext,
  input: TemplatePreviewRequest,
): Promise<TemplatePreview> {
  let body: string;
  let strategy: FallbackStrategy = 'keep_placeholder';
  let defaults: Record<string, string> = {};
  let channelType: string | null = input.channel_type ?? null;
  if (input.template_id !== undefined) {
    const template = await getTemplate(ctx, input.template_id);
    body = template.messageBody;
    strategy = template.fallbackStrategy;
    defaults = template.defaultValues;
    channelType ??= template.channelType;
  } else {
    body = input.message_body!;
  }
  const compiled = compileTemplate(body, { html: channelType === 'email' });

  const [account] = await ctx.db
    .select({ name: accounts.name, timezone: accounts.timezone })
    .from(accounts)
    .where(eq(accounts.id, ctx.accountId));
  let contact: typeof contacts.$inferSelect | undefined;
  if (input.contact_id !== undefined) {
    [contact] = await ctx.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.id, input.contact_id), eq(contacts.accountId, ctx.accountId)));
    if (!contact) throw new NotFoundError('Contact');
  }

  const rendered = renderTemplate(
    compiled,
    { variables: input.variables ?? null, contact: contact ?? null, account: account ?? null },
    strategy,
    defaults,
  );
  return { body: rendered.body, missing_variables: rendered.missing_variables, ...measureSms(rendered.body) };
}
