import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionSupervisor } from '../../src/sessions/session-supervisor.js';
import { as, waitFor } from '../dispatch/support.js';
import { type ContractEnv, createChannel, stopContractEnv } from './contract.js';
import { startEmailEnv, waitForChannel } from './email-support.js';
import { DovecotPeer } from './peers/dovecot.js';
import { SmtpPeer } from './peers/smtp.js';

// A mailbox session that ends by itself (its login refused, its folder missing) must not stay on the
// supervisor's books: a verify that passes before the next scan would otherwise leave the channel
// `connected` with no session reading its mail, until its settings change.

let c: ContractEnv;
let smtp: SmtpPeer;
let dovecot: DovecotPeer;

beforeAll(async () => {
  // No `webhooks` role: the one supervisor here is the test's.
  c = await startEmailEnv({}, { sessions: false });
  smtp = await SmtpPeer.start();
  dovecot = await DovecotPeer.start({ users: 1 });
});
afterAll(async () => {
  await stopContractEnv(c);
  await dovecot?.stop();
  await smtp?.close();
});

describe('the session supervisor', () => {
  it('forgets a session that ended on a fault, so the next scan can start it again', async () => {
    const user = dovecot.nextUser();
    const channel = await createChannel(
      c,
      smtp.channelBody(
        { imap_security: 'none', imap_poll_seconds: 3600, imap_mailbox: 'Replies' },
        dovecot.credentials(user),
      ),
    );
    // One scan only (the next would come after the test): what is forgotten is forgotten by the end.
    const supervisor = new SessionSupervisor(
      c.t.runtime.database.db,
      c.t.runtime.redis,
      c.t.queuePrefix,
      c.t.config,
      c.t.runtime.logger,
      { scanMs: 600_000, leaseMs: 10_000 },
    );
    supervisor.start();
    try {
      const refused = await waitForChannel(c, channel.id, 'error');
      expect(refused.error_message).toMatch(/Replies/);
      await waitFor(
        async () => (supervisor.runningChannels().length === 0 ? true : undefined),
        'the ended session forgotten',
        5_000,
      );
      // Still in `error` until verified: the scan that comes next does not start it.
      const res = await c.t.request('GET', `/v1/channels/${channel.id}`, as(c.owner));
      expect(res.body.status).toBe('error');
    } finally {
      await supervisor.close();
    }
  });
});
