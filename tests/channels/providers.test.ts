import { describe, expect, it } from 'vitest';
import { PROVIDERS, providersForChannelType, webhookUrls } from '../../providers/registry.js';
import { createSandboxProvider } from '../../providers/sandbox.js';
import { PROVIDER_IDS } from '../../providers/types.js';
import { ProviderError } from '../../src/errors.js';
import { validChannelSpecs } from './support.js';

const message = {
  messageId: '6a0c6b0e-6d3f-4a53-9d3c-1f7b2a9c0e11',
  to: '+254700000001',
  body: 'hi',
  attempt: 1,
};
const sandboxWith = (config: Record<string, unknown>, random?: () => number) =>
  createSandboxProvider({ config: PROVIDERS.sandbox.config.parse(config) as any }, random);

describe('provider registry', () => {
  it('defines every provider, each accepting the valid settings of its fixture', () => {
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROVIDER_IDS].sort());
    for (const spec of validChannelSpecs()) {
      const definition = PROVIDERS[spec.provider as keyof typeof PROVIDERS];
      expect(definition.credentials.safeParse(spec.credentials).success, spec.provider).toBe(true);
      expect(definition.config.safeParse(spec.config).success, spec.provider).toBe(true);
      expect(providersForChannelType(definition.channelType)).toContain(spec.provider);
    }
  });

  it('maps sms to the four SMS vendors and other types to themselves', () => {
    expect(providersForChannelType('sms')).toEqual(['twilio', 'africastalking', 'vonage', 'messagebird']);
    expect(providersForChannelType('telegram')).toEqual(['telegram']);
  });

  it('builds webhook URLs as each provider needs them', () => {
    expect(webhookUrls('https://api.example.com', 'twilio', 'tok')).toEqual({
      status: 'https://api.example.com/v1/webhooks/twilio/tok/status',
      inbound: 'https://api.example.com/v1/webhooks/twilio/tok/inbound',
    });
    expect(webhookUrls('https://api.example.com', 'telegram', 'tok')).toEqual({
      inbound: 'https://api.example.com/v1/webhooks/telegram/tok',
    });
    expect(webhookUrls('https://api.example.com', 'smpp', 'tok')).toEqual({});
  });
});

describe('sandbox provider', () => {
  it('applies the documented config defaults', () => {
    expect(PROVIDERS.sandbox.config.parse({})).toEqual({ delay_ms: 0, failure_rate: 0, deliver: true });
  });

  it('accepts a message and reports it delivered', async () => {
    const result = await sandboxWith({}).send(message);
    expect(result.providerMessageId).toMatch(/^sbx_[0-9a-f-]{36}$/);
    expect(result.receipts).toEqual([
      expect.objectContaining({ providerMessageId: result.providerMessageId, status: 'delivered' }),
    ]);
    const again = await sandboxWith({}).send(message);
    expect(again.providerMessageId).not.toBe(result.providerMessageId);
  });

  it('accepts without a receipt when deliver is false', async () => {
    const result = await sandboxWith({ deliver: false }).send(message);
    expect(result.providerMessageId).toMatch(/^sbx_/);
    expect(result.receipts).toBeUndefined();
  });

  it('fails with a retryable ProviderError at the configured failure rate', async () => {
    const always = await sandboxWith({ failure_rate: 1 })
      .send(message)
      .catch((e: unknown) => e);
    expect(always).toBeInstanceOf(ProviderError);
    expect((always as ProviderError).retryable).toBe(true);
    // With failure_rate 0.5, a draw below the rate fails and one above succeeds.
    await expect(sandboxWith({ failure_rate: 0.5 }, () => 0.4).send(message)).rejects.toBeInstanceOf(
      ProviderError,
    );
    await expect(sandboxWith({ failure_rate: 0.5 }, () => 0.6).send(message)).resolves.toHaveProperty(
      'providerMessageId',
    );
  });

  it('waits delay_ms before accepting', async () => {
    let settled = false;
    const pending = sandboxWith({ delay_ms: 1000 })
      .send(message)
      .then(() => {
        settled = true;
      });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await pending;
    expect(settled).toBe(true);
  });

  it('verifies as connected', async () => {
    await expect(sandboxWith({}).verify()).resolves.toMatchObject({ status: 'connected' });
  });

  it('rejects out-of-range config', () => {
    expect(PROVIDERS.sandbox.config.safeParse({ failure_rate: 1.5 }).success).toBe(false);
    expect(PROVIDERS.sandbox.config.safeParse({ delay_ms: -1 }).success).toBe(false);
    expect(PROVIDERS.sandbox.config.safeParse({ deliver: 'yes' }).success).toBe(false);
  });
});
