/**
 * Delivery status notifications (RFC 3464): a `multipart/report; report-type=delivery-status`
 * whose `message/delivery-status` part holds one block of per-message fields, then one block per
 * recipient (`Final-Recipient`, `Action`, `Status`, `Diagnostic-Code`, ...), blocks separated by
 * blank lines; the third part returns the original message (`message/rfc822`) or its headers
 * (`text/rfc822-headers`), whose Message-ID names the mail that bounced. RFC 6533 adds the
 * `message/global-*` forms for internationalized mail.
 */

/** One recipient's outcome in a report. */
export type DsnRecipient = {
  /** `Final-Recipient`'s address (the `rfc822;` type removed). */
  recipient: string | undefined;
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded` (RFC 3464 section 2.3.3). */
  action: string;
  /** The enhanced status code, e.g. `5.1.1` (RFC 3463). */
  status: string | undefined;
  /** The remote server's own words (`Diagnostic-Code`, its `smtp;` type removed). */
  diagnostic: string | undefined;
};

export const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
export const RETURNED_MESSAGE_TYPES = new Set([
  'message/rfc822',
  'text/rfc822-headers',
  'message/global',
  'message/global-headers',
]);

/** The per-recipient blocks of a `message/delivery-status` body. */
export function parseDeliveryStatus(body: string): DsnRecipient[] {
  const blocks = body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(parseFields)
    .filter((fields) => fields.size > 0);
  // The first block is per-message (Reporting-MTA, Arrival-Date); recipients follow.
  return blocks
    .filter((fields) => fields.has('action') || fields.has('final-recipient'))
    .map((fields) => ({
      recipient: stripType(fields.get('final-recipient') ?? fields.get('original-recipient')),
      action: (fields.get('action') ?? '').toLowerCase().split(/\s/)[0] ?? '',
      status: /^([245])\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0],
      diagnostic: stripType(fields.get('diagnostic-code'))?.slice(0, 500),
    }));
}

/** The Message-ID of the returned message (or returned headers), without brackets. */
export function returnedMessageId(returned: string): string | undefined {
  const head = returned.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/)[0] ?? '';
  const value = parseFields(head).get('message-id');
  return value ? messageIds(value)[0] : undefined;
}

/**
 * Whether a failure makes the address worth never mailing again (a hard bounce): the mailbox or
 * domain does not exist, has moved or is disabled (RFC 3463 5.1.x addressing, 5.2.1). A full
 * mailbox, a policy or spam refusal, a too-big message are permanent for this mail only.
 */
export function isHardBounce(status: string | undefined): boolean {
  if (!status) return false;
  return /^5\.1\.(1|2|3|6|10)$/.test(status) || status === '5.2.1';
}

/** Message ids in a header value (`<a@b> <c@d>`), brackets removed, in order. */
export function messageIds(value: string): string[] {
  const found = [...value.matchAll(/<([^<>\s]{1,500})>/g)].map((m) => m[1]!);
  if (found.length > 0) return found;
  // Some clients omit the brackets around a lone id.
  const bare = value.trim();
  return /^[^\s<>]{1,500}@[^\s<>]+$/.test(bare) ? [bare] : [];
}

/** Header-style fields (`Name: value`, folded lines joined); names in lower case, first wins. */
function parseFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  let name: string | undefined;
  for (const line of block.split('\n')) {
    if (/^[ \t]/.test(line) && name) {
      fields.set(name, `${fields.get(name)} ${line.trim()}`);
      continue;
    }
    const match = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) {
      name = undefined;
      continue;
    }
    name = match[1]!.toLowerCase();
    if (fields.has(name)) name = undefined;
    else fields.set(name, match[2]!.trim());
  }
  return fields;
}

/** `rfc822; a@b` → `a@b`, `smtp; 550 ...` → `550 ...`. */
function stripType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const semicolon = value.indexOf(';');
  const stripped = (semicolon >= 0 ? value.slice(semicolon + 1) : value).trim();
  return stripped || undefined;
}
