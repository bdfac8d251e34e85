import type { z } from 'zod';
import type { ChannelType, ProviderDefinition } from '../../../providers/definition.js';
import { isPrivateAddress, isPrivateHostName, resolveHost } from '../../../providers/http/private-hosts.js';
import { providersForChannelType } from '../../../providers/registry.js';
import type { ProviderId } from '../../../providers/types.js';
import { type FieldError, ValidationError } from '../../errors.js';

/** Field problems from a provider schema, under `credentials.` or `config.`; values are never echoed. */
function fieldErrors(prefix: string, error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    // A strict object reports unknown keys on the object itself: name each key instead.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [prefix, ...issue.path, key].join('.'),
        message: 'unknown field',
      }));
    }
    return [{ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }];
  });
}

/** The provider of a new channel: one of the SMS vendors for `sms`, the channel type itself otherwise. */
export function resolveProvider(channelType: ChannelType, provider: ProviderId | undefined): ProviderId {
  const allowed = providersForChannelType(channelType);
  if (provider === undefined) {
    if (allowed.length === 1 && allowed[0]) return allowed[0];
    throw new ValidationError('A provider is required for this channel type', [
      { path: 'provider', message: `required for channel_type ${channelType}: one of ${allowed.join(', ')}` },
    ]);
  }
  if (!allowed.includes(provider)) {
    throw new ValidationError('This provider does not serve this channel type', [
      { path: 'provider', message: `must be one of ${allowed.join(', ')} for channel_type ${channelType}` },
    ]);
  }
  return provider;
}

/** What a channel write may change once validated. */
export type ValidatedProviderInput = {
  credentials?: Record<string, unknown>;
  config?: Record<string, unknown>;
};

/**
 * Checks credentials and config against the provider's schemas, reporting every problem in one 422.
 * `config.base_url` is refused unless PROVIDER_BASE_URL_OVERRIDE is on: a tenant must not point
 * our workers at an arbitrary host.
 */
export function validateProviderInput(
  definition: ProviderDefinition,
  input: { credentials?: Record<string, unknown> | undefined; config?: Record<string, unknown> | undefined },
  options: { baseUrlAllowed: boolean; baseUrlGiven: boolean; privateHostsAllowed?: boolean },
): ValidatedProviderInput {
  const errors: FieldError[] = [];
  const result: ValidatedProviderInput = {};
  if (input.credentials !== undefined) {
    const parsed = definition.credentials.safeParse(input.credentials);
    if (parsed.success) result.credentials = parsed.data;
    else errors.push(...fieldErrors('credentials', parsed.error));
    if (parsed.success && !options.privateHostsAllowed) {
      // Session providers' servers (SMTP, IMAP, SMSC): fields named `host` or `*_host`. A name
      // that resolves to a private address is caught when the worker connects.
      for (const [key, value] of Object.entries(parsed.data)) {
        if (/(^|_)host$/.test(key) && typeof value === 'string' && isPrivateHostName(value)) {
          errors.push({
            path: `credentials.${key}`,
            message:
              'not allowed: a loopback or private address, and PROVIDER_PRIVATE_HOSTS is off on this server',
          });
        }
      }
    }
  }
  if (input.config !== undefined) {
    const parsed = definition.config.safeParse(input.config);
    if (parsed.success) result.config = parsed.data;
    else errors.push(...fieldErrors('config', parsed.error));
    if (options.baseUrlGiven && definition.acceptsBaseUrl && !options.baseUrlAllowed) {
      errors.push({
        path: 'config.base_url',
        message: 'not allowed: PROVIDER_BASE_URL_OVERRIDE is off on this server',
      });
    } else if (
      options.baseUrlGiven &&
      parsed.success &&
      !options.privateHostsAllowed &&
      namesPrivateHost(parsed.data.base_url)
    ) {
      // A name that resolves to a private address is caught when the worker connects.
      errors.push({
        path: 'config.base_url',
        message:
          'not allowed: a loopback or private address, and PROVIDER_PRIVATE_HOSTS is off on this server',
      });
    }
  }
  if (errors.length > 0) throw new ValidationError('The channel settings are not acceptable', errors);
  return result;
}

/** True when a URL's host is a private or loopback IP literal, or `localhost`. */
function namesPrivateHost(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    return isPrivateHostName(new URL(url).hostname);
  } catch {
    return false;
  }
}

const PRIVATE_HOST_MESSAGE =
  'not allowed: resolves to a loopback or private address, and PROVIDER_PRIVATE_HOSTS is off on this server';

/** The provider hosts a channel's settings name, by field path: `*host` credentials and `config.base_url`. */
function namedHosts(input: ValidatedProviderInput): { path: string; host: string }[] {
  const hosts: { path: string; host: string }[] = [];
  for (const [key, value] of Object.entries(input.credentials ?? {})) {
    if (/(^|_)host$/.test(key) && typeof value === 'string')
      hosts.push({ path: `credentials.${key}`, host: value });
  }
  const baseUrl = input.config?.base_url;
  if (typeof baseUrl === 'string') {
    try {
      hosts.push({ path: 'config.base_url', host: new URL(baseUrl).hostname });
    } catch {
      // the provider schema already refused it
    }
  }
  return hosts;
}

/**
 * Resolves the host names of validated settings and refuses (422) any that resolves to a private
 * address, unless PROVIDER_PRIVATE_HOSTS. Literals were refused synchronously; a name that does not
 * resolve now is accepted, and every connect checks the address again (DNS rebinding).
 */
export async function refusePrivateHostNames(
  input: ValidatedProviderInput,
  privateHostsAllowed: boolean,
): Promise<void> {
  if (privateHostsAllowed) return;
  const errors: FieldError[] = [];
  for (const { path, host } of namedHosts(input)) {
    const bare = host.replace(/^\[|\]$/g, '');
    if (isPrivateHostName(bare)) continue; // reported by validateProviderInput
    const addresses = await resolveHost(bare);
    if (addresses?.some(isPrivateAddress)) errors.push({ path, message: PRIVATE_HOST_MESSAGE });
  }
  if (errors.length > 0) throw new ValidationError('The channel settings are not acceptable', errors);
}

/** Applies a config patch: keys replace stored ones, a null value removes the key. */
export function mergeConfig(
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
