import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { PROVIDER_IDS } from '../../../providers/types.js';
import type { RouteDeps } from '../../http/app.js';
import type { App, AppEnv } from '../../http/context.js';
import { errorResponses as e } from '../../http/openapi.js';
import { problemResponse } from '../../http/problem.js';
import { WebhookReceiver } from '../../webhooks/receive-webhook.js';

const tags = ['Webhooks'];

const Params = z.object({
  provider: z.enum(PROVIDER_IDS).openapi({ description: 'The provider of the channel' }),
  token: z.string().openapi({ description: "The channel's webhook token (from `webhook_urls`)" }),
});
const KindParams = Params.extend({
  kind: z.enum(['status', 'inbound']).openapi({ description: 'Delivery receipts or incoming messages' }),
});

const accepted = {
  description:
    'Accepted: the events are stored and applied shortly after. The body is what the provider expects (Twilio: empty TwiML).',
  content: { 'text/plain': { schema: z.string() }, 'text/xml': { schema: z.string() } },
};
const postResponses = {
  200: accepted,
  400: e[400],
  401: { ...e[401], description: 'The signature or secret is missing or wrong (no detail is given)' },
  404: e[404],
  413: { description: 'The body is over 1 MB', content: e[400].content },
};
const getResponses = {
  200: {
    description:
      "Meta's subscription handshake: `hub.challenge`, echoed; or, for Vonage, a webhook delivered by GET (its fields in the query string), accepted",
    content: { 'text/plain': { schema: z.string() } },
  },
  400: e[400],
  401: e[401],
  404: e[404],
  405: { description: 'This provider has no GET handshake', content: e[400].content },
};
const body = {
  description:
    "The provider's own webhook payload, as the provider sends it (form-encoded for Twilio, JSON for the others); the sandbox takes `{ id?, from, to?, text }`.",
  content: {
    'application/x-www-form-urlencoded': { schema: z.record(z.string(), z.string()) },
    'application/json': { schema: z.record(z.string(), z.unknown()) },
  },
};
const description =
  'Public: authenticated by the provider’s own mechanism (Twilio `X-Twilio-Signature` over the public URL, Meta `X-Hub-Signature-256`, Telegram `X-Telegram-Bot-Api-Secret-Token`, Vonage `sig`, MessageBird `MessageBird-Signature-JWT`; the sandbox’s token is its secret). Paste the URLs of the channel’s `webhook_urls` into the provider’s console. A webhook delivered twice changes nothing; an unknown message id or status is stored and ignored.';

/**
 * Provider webhooks: `/v1/webhooks/<provider>/<channel token>[/status|/inbound]`, POST (and GET for
 * Meta's handshake). Plain routes, documented in the OpenAPI registry by hand: the body must reach
 * the adapter byte for byte (signatures are over the raw body), so no schema validates it first.
 */
export function registerWebhookRoutes(app: App, deps: RouteDeps): void {
  const receiver = new WebhookReceiver(
    deps.database.db,
    deps.config,
    deps.logger.child({ module: 'webhooks' }),
  );

  for (const [path, params] of [
    ['/v1/webhooks/{provider}/{token}', Params],
    ['/v1/webhooks/{provider}/{token}/{kind}', KindParams],
  ] as const) {
    app.openAPIRegistry.registerPath({
      method: 'post',
      path,
      tags,
      summary: 'Receive a provider webhook (delivery receipts, incoming messages)',
      description,
      request: { params, body },
      responses: postResponses,
    });
    app.openAPIRegistry.registerPath({
      method: 'get',
      path,
      tags,
      summary:
        'Webhook subscription handshake (Meta: hub.mode, hub.verify_token, hub.challenge), or a webhook delivered by GET (Vonage)',
      request: { params },
      responses: getResponses,
    });
  }

  const handle = async (c: Context<AppEnv>, suffix: string) => {
    const url = new URL(c.req.url);
    const raw = {
      method: c.req.method,
      // What the provider called: our public URL (a proxy in front changes host and scheme).
      url: `${deps.config.publicBaseUrl}${url.pathname}${url.search}`,
      headers: Object.fromEntries([...c.req.raw.headers.entries()].map(([k, v]) => [k.toLowerCase(), v])),
      query: Object.fromEntries(url.searchParams.entries()),
      rawBody: c.req.method === 'GET' ? '' : await c.req.text(),
    };
    const answer = await receiver.receive({
      provider: c.req.param('provider') ?? '',
      token: c.req.param('token') ?? '',
      suffix,
      raw,
    });
    if (answer.status !== 200) {
      const code =
        answer.status === 401 ? 'unauthorized' : answer.status === 405 ? 'method_not_allowed' : 'not_found';
      return problemResponse(c, answer.status, code, answer.detail);
    }
    return c.body(answer.body, 200, { 'content-type': answer.contentType });
  };
  app.on(['GET', 'POST'], '/v1/webhooks/:provider/:token', (c) => handle(c, ''));
  app.on(['GET', 'POST'], '/v1/webhooks/:provider/:token/:kind{status|inbound}', (c) =>
    handle(c, `/${c.req.param('kind')}`),
  );
}
