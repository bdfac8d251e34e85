import type { ChannelType } from '../messages/address.js';

/** The words that opt a sender out or back in on every account (CTIA's list, and the usual START/UNSTOP). */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

// Past this an inbound message is a conversation, not a keyword: no settings are read for it.
export const MAX_KEYWORD_LENGTH = 64;

/**
 * A message in the form keywords are compared in: Unicode-normalized, trimmed, inner whitespace
 * collapsed, upper case (scripts without case, such as Ge'ez, are left as they are).
 */
export function normalizeKeyword(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLocaleUpperCase('en-US');
}

export type KeywordAction = 'opt_out' | 'opt_in';

/**
 * What an inbound message asks for when its whole text is a consent keyword: the built-in words,
 * the account's own, and on Telegram the bot commands `/stop` and `/start` (with or without the
 * bot's name, `/stop@SomeBot`). Anything else — a keyword inside a sentence included — is null.
 */
export function keywordAction(
  text: string,
  channelType: ChannelType,
  extra: { optOut?: readonly string[] | undefined; optIn?: readonly string[] | undefined } = {},
): KeywordAction | null {
  const word = normalizeKeyword(text);
  if (word.length === 0 || word.length > MAX_KEYWORD_LENGTH) return null;
  if (channelType === 'telegram') {
    const command = /^\/(STOP|START)(?:@[A-Z0-9_]+)?$/u.exec(word)?.[1];
    if (command) return command === 'STOP' ? 'opt_out' : 'opt_in';
  }
  const optOut = [...OPT_OUT_KEYWORDS, ...(extra.optOut ?? []).map(normalizeKeyword)];
  if (optOut.includes(word)) return 'opt_out';
  const optIn = [...OPT_IN_KEYWORDS, ...(extra.optIn ?? []).map(normalizeKeyword)];
  if (optIn.includes(word)) return 'opt_in';
  return null;
}

export const DEFAULT_OPT_OUT_REPLY =
  'You are unsubscribed and will receive no more messages from us. Reply START to resubscribe.';
export const DEFAULT_OPT_IN_REPLY = 'You are subscribed again. Reply STOP to unsubscribe.';
