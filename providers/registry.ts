import { africastalking } from './africastalking/index.js';
import type { ChannelType, ProviderContext, ProviderDefinition, WebhookKind } from './definition.js';
import { email } from './email.js';
import { messagebird } from './messagebird/index.js';
import { messenger } from './messenger/index.js';
import { sandbox } from './sandbox.js';
import { smpp } from './smpp/index.js';
import { telegram } from './telegram/index.js';
import { twilio } from './twilio/index.js';
import type { ChannelProvider, ProviderId } from './types.js';
import { PROVIDER_IDS, SMS_PROVIDERS } from './types.js';
import { vonage } from './vonage/index.js';
import { whatsapp } from './whatsapp/index.js';

/** Every provider; typed as a full record so a provider without a definition fails to compile. */
export const PROVIDERS: Record<ProviderId, ProviderDefinition> = {
  twilio,
  africastalking,
  vonage,
  messagebird,
  smpp,
  telegram,
  whatsapp,
  messenger,
  email,
  sandbox,
};

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

/** The definition of a provider id. */
export function getProviderDefinition(id: ProviderId): ProviderDefinition {
  return PROVIDERS[id];
}

/** The providers a channel type may use: the SMS vendors for `sms`, the provider of the same name otherwise. */
export function providersForChannelType(channelType: ChannelType): readonly ProviderId[] {
  return channelType === 'sms' ? SMS_PROVIDERS : [channelType];
}

/** Builds the adapter of one channel from its decrypted, validated credentials and config. */
export function createProvider(
  id: ProviderId,
  context: ProviderContext<Record<string, unknown>, Record<string, unknown>>,
): ChannelProvider {
  return PROVIDERS[id].create(context);
}

/** The public webhook URLs of a channel, by purpose, as the provider needs them. */
export function webhookUrls(
  publicBaseUrl: string,
  id: ProviderId,
  webhookToken: string,
): Partial<Record<WebhookKind, string>> {
  const base = `${publicBaseUrl}/v1/webhooks/${id}/${webhookToken}`;
  const paths = PROVIDERS[id].webhooks;
  return Object.fromEntries(Object.entries(paths).map(([kind, suffix]) => [kind, `${base}${suffix}`]));
}
