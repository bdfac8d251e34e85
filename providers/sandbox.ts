import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ProviderError } from '../src/errors.js';
import { defineProvider, type ProviderContext } from './definition.js';
import type {
  ChannelProvider,
  InboundMessage,
  OutboundMessage,
  RawWebhook,
  SendResult,
  VerifyResult,
} from './types.js';
import { jsonBody, malformedWebhook } from './webhooks.js';

const sandboxConfig = z.strictObject({
  /** Simulated provider latency per send. */
  delay_ms: z.number().int().min(0).max(60_000).default(0),
  /** Share of sends that fail with a retryable error, 0 to 1. */
  failure_rate: z.number().min(0).max(1).default(0),
  /** true: every accepted message is reported delivered; false: accepted, never confirmed. */
  deliver: z.boolean().default(true),
});
export type SandboxConfig = z.output<typeof sandboxConfig>;

/** A provider with no vendor behind it: accepts after `delay_ms`, fails at `failure_rate`, reports delivery. */
export function createSandboxProvider(
  context: Pick<ProviderContext<Record<string, never>, SandboxConfig>, 'config'>,
  random: () => number = Math.random,
): ChannelProvider {
  const { delay_ms: delayMs, failure_rate: failureRate, deliver } = context.config;
  return {
    async send(_msg: OutboundMessage): Promise<SendResult> {
      // No timer at 0 ms: the sandbox carries the throughput benchmark.
      if (delayMs > 0) await sleep(delayMs);
      if (failureRate > 0 && random() < failureRate) {
        throw new ProviderError('Sandbox simulated a provider failure', true, 'sandbox_failure');
      }
      const providerMessageId = `sbx_${randomUUID()}`;
      if (!deliver) return { providerMessageId };
      return {
        providerMessageId,
        receipts: [
          { providerMessageId, status: 'delivered', occurredAt: new Date(), providerStatus: 'delivered' },
        ],
      };
    },
    async verify(): Promise<VerifyResult> {
      return { status: 'connected', detail: 'Sandbox: no provider is contacted' };
    },
    // The URL's channel token is the sandbox's only secret: reaching the route with it is enough.
    verifyWebhook: () => true,
    parseInbound: parseSandboxInbound,
  };
}

const sandboxInbound = z.object({
  id: z.string().min(1).max(200).optional(),
  from: z.string().trim().min(1).max(320),
  to: z.string().max(320).optional(),
  text: z.string().max(10_000),
});

/** The sandbox's inbound webhook: `POST { id?, from, to?, text }` (JSON); `id` dedupes a replay. */
export function parseSandboxInbound(req: RawWebhook): InboundMessage[] {
  const parsed = sandboxInbound.safeParse(jsonBody(req));
  if (!parsed.success) throw malformedWebhook('expected { id?, from, to?, text }');
  const { id, from, to, text } = parsed.data;
  return [
    {
      providerMessageId: id ?? `sbx_in_${randomUUID()}`,
      from,
      to,
      body: text,
      receivedAt: new Date(),
    },
  ];
}

/** The sandbox needs no credentials. */
export const sandbox = defineProvider({
  id: 'sandbox',
  channelType: 'sandbox',
  credentials: z.strictObject({}),
  config: sandboxConfig,
  acceptsBaseUrl: false,
  media: false,
  // Lets demos and tests simulate an inbound message; the URL token is the only secret.
  webhooks: { inbound: '/inbound' },
  create: (context) => createSandboxProvider(context),
});
