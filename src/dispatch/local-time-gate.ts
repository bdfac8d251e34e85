import { recipientZone } from '../consent/quiet-hours.js';
import { nextLocalTime } from '../scheduling/local-send-time.js';
import { deferredOutcome, needsConsent } from './consent-gate.js';
import type { Preparation } from './prepare-messages.js';
import type { GroupSource } from './render-context.js';

/**
 * Defers (back to `scheduled`, `waiting: local_send_time`) the broadcast messages whose recipient's
 * local send time has not come yet: the broadcast's `local_send_time` in the recipient's zone,
 * resolved like quiet hours (contact timezone, else the phone number's country when it has one zone,
 * else the account's), at or after the broadcast's start. The due instant depends only on the
 * broadcast and the zone, so a replayed or early job computes the same one and a job at or after it
 * finds nothing to defer. No query; worked out once per zone per batch.
 */
export function deferLocalSendTime(
  prepared: Preparation[],
  groups: ReadonlyMap<string, GroupSource | null>,
  accountZone: string,
  now: Date = new Date(),
): void {
  const byZone = new Map<string, Date | null>();
  for (const [index, p] of prepared.entries()) {
    if (!('send' in p) || !needsConsent(p.send)) continue;
    const { message } = p.send;
    const group = message.groupMessageId ? groups.get(message.groupMessageId) : null;
    if (!group?.localSendTime) continue;
    const zone = recipientZone(message.contact?.timezone, message.contact?.phone ?? p.send.to, accountZone);
    const key = `${message.groupMessageId}/${zone}`;
    let due = byZone.get(key);
    if (due === undefined) {
      due = nextLocalTime(group.releaseFrom, zone, group.localSendTime);
      byZone.set(key, due);
    }
    if (due && due.getTime() > now.getTime()) {
      prepared[index] = { outcome: deferredOutcome(p.send, due, 'local_send_time') };
    }
  }
}
