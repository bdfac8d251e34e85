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
