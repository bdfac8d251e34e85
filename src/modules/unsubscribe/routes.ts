import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { auditRecipientOptOut } from '../../audit/record-audit.js';
import type { RouteDeps } from '../../http/app.js';
import type { App } from '../../http/context.js';
import { errorResponses as e } from '../../http/openapi.js';
import { problemResponse } from '../../http/problem.js';
import { type ChannelType, consentAddress } from '../../messages/address.js';
import { openUnsubscribeToken, type UnsubscribeTarget } from './unsubscribe-link.js';

const Params = z.object({
  token: z.string().openapi({ description: 'The sealed token of a `List-Unsubscribe` URL' }),
});
const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() } },
});

/**
 * The landing of bulk mail's `List-Unsubscribe` URL. A POST (the mail client's one-click button,
 * RFC 8058: body `List-Unsubscribe=One-Click`, no cookies, no confirmation) records the opt-out;
 * a GET (a person who opened the link in a browser, or a scanner fetching links) only shows a
 * button that POSTs, so fetching the URL never unsubscribes anyone (RFC 8058 section 3.2).
 */
export function registerUnsubscribeRoutes(app: App, deps: RouteDeps): void {
  const tags = ['Consent'];
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/unsubscribe/{token}',
    tags,
    summary: 'One-click unsubscribe (RFC 8058) from a bulk mail',
    description:
      'Public: the token is the secret (a forged or altered token answers 400 `invalid_unsubscribe_link`). Records an opt-out (source `unsubscribe_link`) for the address and channel type the token names; a second POST changes nothing.',
    request: { params: Params },
    responses: { 200: html('Unsubscribed'), 400: e[400] },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/unsubscribe/{token}',
    tags,
    summary: 'A page with the unsubscribe button (fetching it unsubscribes nobody)',
    request: { params: Params },
    responses: { 200: html('The confirmation page'), 400: e[400] },
  });

  const invalid = 'This unsubscribe link is not valid';
  app.get('/v1/unsubscribe/:token', (c) => {
    const token = c.req.param('token');
    if (!openUnsubscribeToken(token, deps.config.credentialsKey)) {
      return problemResponse(c, 400, 'invalid_unsubscribe_link', invalid);
    }
    return c.html(
      page(
        'Unsubscribe',
        `<form method="post" action="${escapeAttribute(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe from these messages</button></form>`,
      ),
    );
  });
  app.post('/v1/unsubscribe/:token', async (c) => {
    const target = openUnsubscribeToken(c.req.param('token'), deps.config.credentialsKey);
    if (!target) return problemResponse(c, 400, 'invalid_unsubscribe_link', invalid);
    await recordUnsubscribe(deps, target);
    c.get('logger').info({ account_id: target.accountId }, 'unsubscribed by link');
    return c.html(page('Unsubscribed', '<p>You will not receive these messages any more.</p>'));
  });
}

/** Records the opt-out of the token's address (linked to the contact with it, if any); idempotent. */
async function recordUnsubscribe(deps: RouteDeps, target: UnsubscribeTarget): Promise<void> {
  // The contact column the address lives in: email for mail, the only channel type with links today.
  const column = target.channelType === 'email' ? sql`lower(c.email) = lower(${target.address})` : sql`false`;
  await deps.database.db.transaction(async (tx) => {
    const inserted = await tx.execute<{ id: string }>(sql`
      INSERT INTO opt_outs (account_id, channel_type, address, contact_id, source, reason)
      SELECT a.id, ${target.channelType}, ${consentAddress(target.channelType as ChannelType, target.address)},
        (SELECT c.id FROM contacts c WHERE c.account_id = a.id AND ${column} ORDER BY c.created_at LIMIT 1),
        'unsubscribe_link', 'The recipient used the unsubscribe link of a bulk message'
      FROM accounts a WHERE a.id = ${target.accountId}
      ON CONFLICT (account_id, channel_type, address) DO NOTHING
      RETURNING id`);
    const [row] = inserted.rows;
    if (!row) return;
    await auditRecipientOptOut(tx, {
      accountId: target.accountId,
      verb: 'created',
      id: row.id,
      channelType: target.channelType,
      source: 'unsubscribe_link',
    });
  });
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
