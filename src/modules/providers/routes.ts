import { createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import type { ProviderDefinition } from '../../../providers/definition.js';
import { PROVIDERS } from '../../../providers/registry.js';
import { PROVIDER_IDS } from '../../../providers/types.js';
import { CHANNEL_TYPES } from '../../db/schema/channels.js';
import type { RouteDeps } from '../../http/app.js';
import type { App } from '../../http/context.js';
import { BEARER, jsonResponse, tenantErrors } from '../../http/openapi.js';

// Credentials are all write-only (masked in every response); these names are secrets proper, which
// forms show as password inputs. Identifiers such as account_sid or smtp_host are not.
const SECRET_NAME = /(token|secret|pass|password|api_key|access_key|signing_key)$/;

const JsonSchema = z.record(z.string(), z.unknown()).openapi({
  description:
    'JSON Schema (draft 2020-12) of the object, as the API validates it (input side: defaults are optional)',
});

const ProviderInfo = z
  .object({
    id: z.enum(PROVIDER_IDS),
    channel_type: z.enum(CHANNEL_TYPES),
    credentials_schema: JsonSchema,
    config_schema: JsonSchema,
    secret_fields: z
      .array(z.string())
      .openapi({ description: 'Credential fields that are secrets (password inputs; never shown again)' }),
    base_url_allowed: z.boolean().openapi({
      description:
        'Whether `config.base_url` is accepted on this server (HTTP providers with PROVIDER_BASE_URL_OVERRIDE on)',
    }),
    webhooks: z
      .array(z.enum(['status', 'inbound']))
      .openapi({ description: 'The webhook URLs a channel of this provider gets (`webhook_urls` keys)' }),
  })
  .openapi('ProviderInfo');

const ProviderList = z.object({ items: z.array(ProviderInfo) }).openapi('ProviderList');

function jsonSchemaOf(schema: zod.ZodType, dropBaseUrl: boolean): Record<string, unknown> {
  const json = zod.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  const properties = json.properties as Record<string, unknown> | undefined;
  if (dropBaseUrl && properties) delete properties.base_url;
  return json;
}

/** What a console needs to draw a provider's form, derived from the schemas the API validates with. */
function describeProvider(definition: ProviderDefinition, baseUrlOverride: boolean) {
  const baseUrlAllowed = definition.acceptsBaseUrl && baseUrlOverride;
  return {
    id: definition.id,
    channel_type: definition.channelType,
    credentials_schema: jsonSchemaOf(definition.credentials, false),
    config_schema: jsonSchemaOf(definition.config, !baseUrlAllowed),
    secret_fields: Object.keys(definition.credentials.shape).filter((name) => SECRET_NAME.test(name)),
    base_url_allowed: baseUrlAllowed,
    webhooks: Object.keys(definition.webhooks) as ('status' | 'inbound')[],
  };
}

/** `GET /v1/providers`: the provider catalogue with the JSON Schema of each one's credentials and config. */
export function registerProviderRoutes(app: App, deps: RouteDeps): void {
  // Built once: the registry and the server's settings do not change while the process runs.
  const list = {
    items: PROVIDER_IDS.map((id) => describeProvider(PROVIDERS[id], deps.config.providerBaseUrlOverride)),
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/providers',
      tags: ['Channels'],
      security: BEARER,
      summary: 'Providers and the JSON Schema of their credentials and config (extension)',
      description:
        'Extension to the contract, for clients that build channel forms: each provider with its channel type, the JSON Schema of `credentials` and `config` exactly as `POST /v1/channels` validates them, which credentials are secrets, and its webhook kinds.',
      middleware: [deps.guards.can('channels:read')] as const,
      responses: { 200: jsonResponse(ProviderList, 'Providers'), ...tenantErrors },
    }),
    (c) => c.json(list, 200),
  );
}
