import { z } from 'zod';
import { normalizePhone } from '../contacts/phone.js';
import type { CHANNEL_TYPES } from '../db/schema/channels.js';
import type { contacts } from '../db/schema/index.js';

export type ChannelType = (typeof CHANNEL_TYPES)[number];
type ContactRow = typeof contacts.$inferSelect;

/** Which contact field a channel type delivers to. Sandbox simulates SMS, so it takes phones. */
export const ADDRESS_FIELD: Record<ChannelType, 'phone' | 'email' | 'telegramChatId' | 'messengerPsid'> = {
  sms: 'phone',
  smpp: 'phone',
  whatsapp: 'phone',
  sandbox: 'phone',
  telegram: 'telegramChatId',
  messenger: 'messengerPsid',
  email: 'email',
};

/** The SQL column name of the address field (fan-out filters on it). */
export const ADDRESS_COLUMN: Record<ChannelType, string> = {
  sms: 'phone',
  smpp: 'phone',
  whatsapp: 'phone',
  sandbox: 'phone',
  telegram: 'telegram_chat_id',
  messenger: 'messenger_psid',
  email: 'email',
};

/** The contact's address for a channel type, or undefined when it has none. */
export function contactAddress(
  contact: Pick<ContactRow, 'phone' | 'email' | 'telegramChatId' | 'messengerPsid'>,
  type: ChannelType,
) {
  return contact[ADDRESS_FIELD[type]] ?? undefined;
}

/** True for channel types whose bodies are SMS and are measured in segments. */
export function isSmsLike(type: ChannelType): boolean {
  return type === 'sms' || type === 'smpp' || type === 'sandbox';
}

const emailAddress = z.email();

/**
 * An address written by a user (a delivery address, an opt-out) in the canonical form of the channel
 * type: E.164 for phones (national numbers read in `defaultCountry`), a lower-case email address, a
 * Telegram chat id or @channel, a Messenger PSID; or why it is not one.
 */
export function parseAddress(
  raw: string,
  type: ChannelType,
  defaultCountry: string | null,
): { ok: true; address: string } | { ok: false; message: string } {
  const value = raw.trim();
  switch (ADDRESS_FIELD[type]) {
    case 'phone': {
      const phone = normalizePhone(value, defaultCountry);
      return phone.ok ? { ok: true, address: phone.e164 } : { ok: false, message: phone.message };
    }
    case 'email':
      return emailAddress.safeParse(value).success
        ? { ok: true, address: value.toLowerCase() }
        : { ok: false, message: 'is not an email address' };
    case 'telegramChatId':
      return /^(?:-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/.test(value)
        ? { ok: true, address: value }
        : { ok: false, message: 'is not a Telegram chat id or @channel' };
    case 'messengerPsid':
      return /^\d{1,32}$/.test(value)
        ? { ok: true, address: value }
        : { ok: false, message: 'is not a Messenger PSID' };
  }
}

/** The form an address is compared in for consent (email addresses are not case-sensitive in practice). */
export function consentAddress(type: ChannelType, address: string): string {
  return ADDRESS_FIELD[type] === 'email' ? address.trim().toLowerCase() : address.trim();
}
