import type { DbOrTx } from '../../db/client.js';
import { writeEvents } from '../../outbox/write-event.js';
import type { ChannelRow } from './present-channel.js';

type StatusFields = Pick<ChannelRow, 'status' | 'errorMessage'>;

/** What a held channel says when its own words are gone. */
export const VERIFY_TO_RESUME = 'The provider refused this channel; verify it to resume sending';

/**
 * The status after a change: disabling always wins; enabling, or new credentials or config on an
 * enabled channel, leave it `disconnected` until the next verify. A channel the provider refused
 * (`needsVerify`) comes back in `error` instead, with the provider's words: only a verify releases
 * its messages, whatever settings it was given meanwhile.
 */
export function statusAfterChange(
  current: Pick<ChannelRow, 'isEnabled' | 'status' | 'errorMessage' | 'needsVerify'>,
  change: { isEnabled?: boolean | undefined; settingsChanged: boolean },
): StatusFields {
  const enabled = change.isEnabled ?? current.isEnabled;
  if (!enabled) return { status: 'disabled', errorMessage: current.errorMessage };
  // `error` alone holds too: written by a process older than the flag.
  if (current.needsVerify || current.status === 'error')
    return { status: 'error', errorMessage: current.errorMessage ?? VERIFY_TO_RESUME };
  if (!current.isEnabled || change.settingsChanged) return { status: 'disconnected', errorMessage: null };
  return { status: current.status, errorMessage: current.errorMessage };
}

/**
 * Whether a fault reported by a send or a session belongs to the channel's present settings: one
 * from an adapter built with credentials or config since replaced (a send in flight across a PATCH
 * and a verify) says nothing about them, and must not hold the channel again.
 */
export function sameSettings(
  a: Pick<ChannelRow, 'credentialsCiphertext' | 'config'>,
  b: Pick<ChannelRow, 'credentialsCiphertext' | 'config'>,
): boolean {
  return (
    a.credentialsCiphertext === b.credentialsCiphertext &&
    JSON.stringify(a.config) === JSON.stringify(b.config)
  );
}

/** Records `channel.status_changed` in the caller's transaction when the status moved. */
export async function recordStatusChange(
  tx: DbOrTx,
  before: Pick<ChannelRow, 'status'>,
  after: Pick<ChannelRow, 'id' | 'accountId' | 'provider' | 'status' | 'errorMessage'>,
): Promise<void> {
  if (before.status === after.status) return;
  await writeEvents(tx, [
    {
      accountId: after.accountId,
      eventType: 'channel.status_changed',
      aggregateType: 'channel',
      aggregateId: after.id,
      payload: {
        channel_id: after.id,
        provider: after.provider,
        previous_status: before.status,
        status: after.status,
        error_message: after.errorMessage,
      },
    },
  ]);
}
