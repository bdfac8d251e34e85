import type { ProviderSession, SessionStore } from '../../../providers/definition.js';
import { isProviderId, PROVIDERS, webhookUrls } from '../../../providers/registry.js';
import type { ChannelProvider } from '../../../providers/types.js';
import type { Config } from '../../config.js';
import { ProviderError } from '../../errors.js';
import { CredentialsDecryptionError } from '../../security/credentials.js';
import { unsubscribeUrl } from '../unsubscribe/unsubscribe-link.js';
import { openChannelCredentials } from './channel-credentials.js';
import type { ChannelRow } from './present-channel.js';

/** The server settings an adapter is built with. */
export type ProviderSettings = Pick<
  Config,
  | 'credentialsKey'
  | 'previousCredentialsKeys'
  | 'providerBaseUrlOverride'
  | 'providerPrivateHosts'
  | 'publicBaseUrl'
>;

/**
 * The adapter of a channel, built from its decrypted credentials. Stored settings that no longer
 * open or validate are a permanent ProviderError: the user must enter them again.
 */
export function createChannelProvider(
  row: ChannelRow,
  settings: ProviderSettings,
  sessions: { session?: ProviderSession | undefined; sessionStore?: SessionStore | undefined } = {},
): ChannelProvider {
  if (!isProviderId(row.provider)) {
    throw new ProviderError(`Unknown provider ${row.provider}`, false, 'unknown_provider');
  }
  const definition = PROVIDERS[row.provider];
  let stored: Record<string, unknown>;
  try {
    stored = openChannelCredentials(row, [settings.credentialsKey, ...settings.previousCredentialsKeys]);
  } catch (error) {
    if (!(error instanceof CredentialsDecryptionError)) throw error;
    throw new ProviderError(
      'The stored credentials cannot be decrypted with the current CREDENTIALS_KEY; enter them again, then verify the channel',
      false,
      'credentials_unreadable',
    );
  }
  const credentials = definition.credentials.safeParse(stored);
  const config = definition.config.safeParse(row.config);
  if (!credentials.success || !config.success) {
    throw new ProviderError(
      `The stored ${credentials.success ? 'config' : 'credentials'} no longer fit the ${row.provider} provider; update the channel, then verify it`,
      false,
      'channel_settings_invalid',
    );
  }
  const baseUrl = config.data.base_url;
  return definition.create({
    channelId: row.id,
    credentials: credentials.data,
    config: config.data,
    senderName: row.senderName,
    baseUrl: settings.providerBaseUrlOverride && typeof baseUrl === 'string' ? baseUrl : undefined,
    allowPrivateHosts: settings.providerPrivateHosts,
    webhookUrls: webhookUrls(settings.publicBaseUrl, row.provider, row.webhookToken),
    session: sessions.session,
    sessionStore: sessions.sessionStore,
    unsubscribeUrl: (address) =>
      unsubscribeUrl(settings.publicBaseUrl, settings.credentialsKey, {
        accountId: row.accountId,
        channelType: row.channelType,
        address,
      }),
  });
}
