import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { startWebhookWorker } from '../../workers/webhooks.js';
import { as, waitFor } from '../dispatch/support.js';
import { testCertificate } from '../helpers/tls-cert.js';
import {
  type ContractEnv,
  createChannel,
  getMessage,
  optOutAuditOf,
  providerOptOutEntry,
  sendTo,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import { channelStatus, inboundOf, SESSION_TIMINGS, startEmailEnv, waitForChannel } from './email-support.js';
import { DovecotPeer } from './peers/dovecot.js';
import { SmtpPeer } from './peers/smtp.js';
import { TcpProxy } from './peers/tcp-proxy.js';

let c: ContractEnv;
let smtp: SmtpPeer;
/** Dovecot as installed: IDLE offered. */
let dovecot: DovecotPeer;
/** Dovecot configured without IDLE in its capabilities, and with implicit TLS too. */
let pollOnly: DovecotPeer;
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  c = await startEmailEnv();
  smtp = await SmtpPeer.start();
  dovecot = await DovecotPeer.start({ users: 10 });
  pollOnly = await DovecotPeer.start({ users: 3, idle: false, tls: true });
});
afterAll(async () => {
  await stopContractEnv(c);
  for (const proxy of proxies) await proxy.close();
  await dovecot?.stop();
  await pollOnly?.stop();
  await smtp?.close();
});

/** A mailbox of its own behind a recording proxy, and an email channel sending via SMTP and watching it. */
async function mailboxChannel(
  server: DovecotPeer,
  config: Record<string, unknown> = {},
  credentials: Record<string, unknown> = {},
) {
  const user = server.nextUser();
  const proxy = await TcpProxy.start(server.port);
  proxies.push(proxy);
  const channel = await createChannel(
    c,
    smtp.channelBody(
      { imap_security: 'none', imap_poll_seconds: 3600, ...config },
      { ...server.credentials(user, proxy.port), ...credentials },
    ),
  );
  return { user, proxy, channel };
}

const mail = (headers: Record<string, string>, body: string) =>
  [...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', body, ''].join('\r\n');

const uniqueAddress = (label: string) => `${label}-${randomBytes(3).toString('hex')}@example.org`;

/** A mail to `user` from a fresh address, its subject and Message-ID made from `label`. */
const labelledMail = (user: string, label: string, body: string) =>
  mail(
    {
      From: uniqueAddress(label),
      To: user,
      Subject: label,
      'Message-ID': `<${label}-${randomBytes(4).toString('hex')}@x.example>`,
    },
    body,
  );

async function sentMessage(channelId: string, to: string) {
  const created = await sendTo(c, channelId, to, { subject: 'Your order', message_body: 'It ships today.' });
  return waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
}

function waitForInbound(channelId: string, count = 1) {
  return waitFor(
    async () => {
      const items = await inboundOf(c, channelId);
      return items.length >= count ? items : undefined;
    },
    `${count} inbound message(s)`,
    20_000,
  );
}

async function contactsWithEmail(address: string): Promise<any[]> {
  const res = await c.t.request(
    'GET',
    `/v1/contacts?filter=email:eq:${encodeURIComponent(address)}`,
    as(c.owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

describe('email: replies over IMAP', () => {
  it('threads a reply to our message through In-Reply-To, waiting with IDLE', async () => {
    const { user, proxy, channel } = await mailboxChannel(dovecot);
    await waitForChannel(c, channel.id, 'connected');
    const alice = uniqueAddress('alice');
    const sent = await sentMessage(channel.id, alice);
    await dovecot.deliver(
      user,
      mail(
        {
          From: `Alice Doe <${alice}>`,
          To: user,
          Subject: 'Re: Your order',
          'Message-ID': `<reply-${randomBytes(4).toString('hex')}@example.org>`,
          'In-Reply-To': `<${sent.provider_message_id}>`,
          References: `<${sent.provider_message_id}>`,
          Date: new Date().toUTCString(),
        },
        'Thanks, see you then!\r\n\r\n> It ships today.',
      ),
    );
    // The channel polls once an hour: the reply can only have come through IDLE.
    const [reply] = await waitForInbound(channel.id);
    expect(proxy.commands('IDLE')).toBeGreaterThan(0);
    expect(reply).toMatchObject({
      direction: 'inbound',
      status: 'delivered',
      delivery_address: alice,
      subject: 'Re: Your order',
    });
    expect(reply.message_body).toContain('Thanks, see you then!');
    expect(reply.metadata).toMatchObject({
      in_reply_to_message_id: sent.id,
      from_name: 'Alice Doe',
      to: user,
    });
    const [contact] = await contactsWithEmail(alice);
    expect(reply.contact_id).toBe(contact.id);
    expect(contact.name).toBe('Alice Doe');
  });

  it('stores a new conversation, creating the contact; a References-only reply is threaded too', async () => {
    const { user, channel } = await mailboxChannel(dovecot);
    await waitForChannel(c, channel.id, 'connected');
    const bob = uniqueAddress('bob');
    await dovecot.deliver(
      user,
      mail(
        {
          From: bob,
          To: user,
          Subject: 'Question about pricing',
          'Message-ID': `<new-${randomBytes(4).toString('hex')}@example.org>`,
        },
        'Hello, how much is the premium plan?',
      ),
    );
    const [question] = await waitForInbound(channel.id);
    expect(question).toMatchObject({
      delivery_address: bob,
      message_body: 'Hello, how much is the premium plan?',
    });
    expect(question.metadata.in_reply_to_message_id).toBeUndefined();
    const [contact] = await contactsWithEmail(bob);
    expect(question.contact_id).toBe(contact.id);

    // Our answer, and their reply naming it only in References (after an id that is not ours).
    const answer = await sentMessage(channel.id, bob);
    await dovecot.deliver(
      user,
      mail(
        {
          From: bob,
          To: user,
          Subject: 'Re: Question about pricing',
          'Message-ID': `<again-${randomBytes(4).toString('hex')}@example.org>`,
          References: `<${answer.provider_message_id}> <unknown-${randomBytes(3).toString('hex')}@elsewhere.example>`,
        },
        'Great, thanks.',
      ),
    );
    const items = await waitForInbound(channel.id, 2);
    const followUp = items.find((m) => m.message_body === 'Great, thanks.');
    expect(followUp.metadata.in_reply_to_message_id).toBe(answer.id);
    expect(followUp.contact_id).toBe(contact.id);
  });
});

describe('email: bounces and auto-replies', () => {
  const dsn = (user: string, originalId: string, recipient: string, status: string, diagnostic: string) =>
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>',
      `To: ${user}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <bounce-${randomBytes(4).toString('hex')}@mx.acme.test>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
      '',
      '--B1',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'This is the mail system at host mx.acme.test. Your message could not be delivered.',
      '',
      '--B1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.acme.test',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      `Original-Recipient: rfc822;${recipient}`,
      'Action: failed',
      `Status: ${status}`,
      'Remote-MTA: dns; mx.example.org',
      `Diagnostic-Code: smtp; ${diagnostic}`,
      '',
      '--B1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <${originalId}>`,
      'From: Acme Support <support@acme.test>',
      `To: ${recipient}`,
      'Subject: Your order',
      '',
      '--B1--',
      '',
    ].join('\r\n');

  it('fails the bounced message with the diagnostic, and opts out a hard bounce only', async () => {
    const { user, channel } = await mailboxChannel(dovecot);
    await waitForChannel(c, channel.id, 'connected');
    const gone = uniqueAddress('gone');
    // Sent with capitals, as a contact's address may be written: opted out in the form sends look up.
    const goneAsWritten = `G${gone.slice(1)}`;
    const full = uniqueAddress('full');
    const hard = await sentMessage(channel.id, goneAsWritten);
    const soft = await sentMessage(channel.id, full);
    await dovecot.deliver(
      user,
      dsn(
        user,
        hard.provider_message_id,
        goneAsWritten,
        '5.1.1',
        `550 5.1.1 <${goneAsWritten}>: Recipient address rejected: User unknown`,
      ),
    );
    await dovecot.deliver(
      user,
      dsn(user, soft.provider_message_id, full, '5.2.2', `552 5.2.2 <${full}>: Mailbox full`),
    );
    const failed = await waitForMessage(c, hard.id, (m) => m.status === 'permanently_failed', 'hard bounce');
    expect(failed.error_details).toMatchObject({
      code: 'delivery_failed',
      provider_code: '5.1.1',
      provider_status: 'bounced',
    });
    expect(failed.error_details.provider_message).toContain('User unknown');
    expect(failed.failed_at).not.toBeNull();
    const softFailed = await waitForMessage(
      c,
      soft.id,
      (m) => m.status === 'permanently_failed',
      'soft bounce',
    );
    expect(softFailed.error_details).toMatchObject({ provider_code: '5.2.2' });

    const optOuts = await c.env.sql.query(
      `SELECT address, source, channel_type FROM opt_outs WHERE account_id = $1 AND address = ANY($2)`,
      [c.owner.accountId, [gone, full]],
    );
    expect(optOuts.rows).toEqual([{ address: gone, source: 'provider', channel_type: 'email' }]);
    expect(await optOutAuditOf(c, gone)).toEqual([providerOptOutEntry('email')]);
    const again = await sendTo(c, channel.id, goneAsWritten);
    await waitForMessage(c, again.id, (m) => m.status === 'skipped', 'skipped as opted out');
    // A bounce is a receipt, not a conversation.
    expect(await inboundOf(c, channel.id)).toHaveLength(0);
  });

  it('stores an auto-reply as an inbound message with a flag, and the message stays sent', async () => {
    const { user, channel } = await mailboxChannel(dovecot);
    await waitForChannel(c, channel.id, 'connected');
    const away = uniqueAddress('away');
    const sent = await sentMessage(channel.id, away);
    await dovecot.deliver(
      user,
      mail(
        {
          From: `Carol <${away}>`,
          To: user,
          Subject: 'Automatic reply: Your order',
          'Message-ID': `<ooo-${randomBytes(4).toString('hex')}@example.org>`,
          'In-Reply-To': `<${sent.provider_message_id}>`,
          'Auto-Submitted': 'auto-replied',
          'X-Autoreply': 'yes',
        },
        'I am out of the office until Monday.',
      ),
    );
    const [auto] = await waitForInbound(channel.id);
    expect(auto.metadata).toMatchObject({
      auto_reply: true,
      auto_submitted: 'auto-replied',
      in_reply_to_message_id: sent.id,
    });
    expect(auto.message_body).toBe('I am out of the office until Monday.');
    expect((await getMessage(c, sent.id)).status).toBe('sent');
  });
});

describe('email: the IMAP session', () => {
  it('polls a server that offers no IDLE', async () => {
    const { user, proxy, channel } = await mailboxChannel(pollOnly, { imap_poll_seconds: 2 });
    await waitForChannel(c, channel.id, 'connected');
    await pollOnly.deliver(
      user,
      mail(
        {
          From: uniqueAddress('dave'),
          To: user,
          Subject: 'Hi',
          'Message-ID': `<p-${randomBytes(4).toString('hex')}@x.example>`,
        },
        'Polled.',
      ),
    );
    const [polled] = await waitForInbound(channel.id);
    expect(polled.message_body).toBe('Polled.');
    expect(proxy.commands('IDLE')).toBe(0);
    expect(proxy.commands('NOOP')).toBeGreaterThan(0);
  });

  it('watches over implicit TLS with a private CA', async () => {
    const user = pollOnly.nextUser();
    const channel = await createChannel(
      c,
      smtp.channelBody(
        { imap_security: 'tls', imap_poll_seconds: 2, tls_ca: testCertificate().cert },
        pollOnly.credentials(user, pollOnly.tlsPort),
      ),
    );
    const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(verified.body).toMatchObject({ status: 'connected' });
    await pollOnly.deliver(
      user,
      mail(
        {
          From: uniqueAddress('erin'),
          To: user,
          Subject: 'Secure',
          'Message-ID': `<t-${randomBytes(4).toString('hex')}@x.example>`,
        },
        'Over TLS.',
      ),
    );
    const [secured] = await waitForInbound(channel.id);
    expect(secured.message_body).toBe('Over TLS.');
  });

  it('takes up on its first start the mail received since the channel was created, nothing older', async () => {
    const user = dovecot.nextUser();
    const proxy = await TcpProxy.start(dovecot.port);
    proxies.push(proxy);
    const message = (label: string, body: string) => labelledMail(user, label, body);
    await dovecot.deliver(user, message('old', 'From last week.'), new Date(Date.now() - 7 * 86_400_000));
    await dovecot.deliver(user, message('hour', 'From an hour ago.'), new Date(Date.now() - 3_600_000));
    // The server cannot be reached yet: the first session opens only after the next mail arrived.
    proxy.pause();
    const channel = await createChannel(
      c,
      smtp.channelBody(
        { imap_security: 'none', imap_poll_seconds: 3600 },
        dovecot.credentials(user, proxy.port),
      ),
    );
    await waitForChannel(c, channel.id, 'disconnected');
    await dovecot.deliver(user, message('fresh', 'Sent before the session opened.'));
    proxy.resume();
    await waitForChannel(c, channel.id, 'connected');
    const [fresh] = await waitForInbound(channel.id);
    expect(fresh.message_body).toBe('Sent before the session opened.');
    await new Promise((r) => setTimeout(r, SESSION_TIMINGS.scanMs * 3));
    expect(await inboundOf(c, channel.id)).toHaveLength(1);
  });

  it('reconnects after the connection drops, the channel disconnected meanwhile, and misses nothing', async () => {
    const { user, proxy, channel } = await mailboxChannel(dovecot);
    await waitForChannel(c, channel.id, 'connected');
    proxy.pause();
    const down = await waitForChannel(c, channel.id, 'disconnected');
    expect(down.error_message).toMatch(/^IMAP: the connection to the server failed/);
    // Mail that arrives while the session is down is fetched once it is back.
    await dovecot.deliver(
      user,
      mail(
        {
          From: uniqueAddress('frank'),
          To: user,
          Subject: 'While you were out',
          'Message-ID': `<d-${randomBytes(4).toString('hex')}@x.example>`,
        },
        'Sent during the outage.',
      ),
    );
    proxy.resume();
    await waitForChannel(c, channel.id, 'connected');
    const [missed] = await waitForInbound(channel.id);
    expect(missed.message_body).toBe('Sent during the outage.');
    const moves = await c.env.sql.query(
      `SELECT payload->>'status' AS status FROM outbox_events
       WHERE aggregate_id = $1 AND event_type = 'channel.status_changed' ORDER BY occurred_at`,
      [channel.id],
    );
    expect(moves.rows.map((r) => r.status)).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('takes the mail that arrived while the server renumbered the mailbox (UIDVALIDITY changed), once', async () => {
    const { user, proxy, channel } = await mailboxChannel(dovecot);
    await waitForChannel(c, channel.id, 'connected');
    const message = (label: string, body: string) => labelledMail(user, label, body);
    await dovecot.deliver(user, message('before', 'Taken before the renumbering.'));
    await waitForInbound(channel.id);
    proxy.pause();
    await waitForChannel(c, channel.id, 'disconnected');
    // The server renumbered the mailbox while the session was down: to the session, the stored
    // UIDVALIDITY no longer matches the mailbox's.
    const renumbered = await c.env.sql.query(
      `UPDATE session_cursors SET cursor = jsonb_set(cursor::jsonb, '{v}', '"1"')::text
       WHERE channel_id = $1 RETURNING cursor`,
      [channel.id],
    );
    expect(JSON.parse(renumbered.rows[0].cursor)).toMatchObject({ v: '1', t: expect.any(Number) });
    await dovecot.deliver(user, message('during', 'Sent while the mailbox was renumbered.'));
    proxy.resume();
    await waitForChannel(c, channel.id, 'connected');
    const items = await waitForInbound(channel.id, 2);
    expect(items.map((m) => m.message_body).sort()).toEqual([
      'Sent while the mailbox was renumbered.',
      'Taken before the renumbering.',
    ]);
    await new Promise((r) => setTimeout(r, SESSION_TIMINGS.scanMs * 3));
    expect(await inboundOf(c, channel.id)).toHaveLength(2);
  });

  it('puts the channel in error on a refused login, and starts again with the right password once verified', async () => {
    const { user, channel } = await mailboxChannel(dovecot, {}, { imap_pass: 'not-the-password' });
    const refused = await waitForChannel(c, channel.id, 'error');
    expect(refused.error_message).toMatch(/IMAP: authentication failed/);
    const verify = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(verify.body).toMatchObject({ status: 'error' });
    expect(verify.body.error_message).toMatch(/IMAP: authentication failed/);

    const body = smtp.channelBody({}, dovecot.credentials(user));
    const patched = await c.t.request('PATCH', `/v1/channels/${channel.id}`, {
      ...as(c.owner),
      body: { credentials: body.credentials },
    });
    expect(patched.status, patched.text).toBe(200);
    // New credentials alone do not release a channel the provider refused: a verify does.
    expect(patched.body.status).toBe('error');
    const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(verified.body).toMatchObject({ status: 'connected', error_message: null });
    await dovecot.deliver(
      user,
      mail(
        {
          From: uniqueAddress('gina'),
          To: user,
          Subject: 'Hello',
          'Message-ID': `<g-${randomBytes(4).toString('hex')}@x.example>`,
        },
        'Now it works.',
      ),
    );
    const [hello] = await waitForInbound(channel.id);
    expect(hello.message_body).toBe('Now it works.');
  });

  it('verifies the IMAP login and the watched folder', async () => {
    const user = dovecot.nextUser();
    const good = await createChannel(
      c,
      smtp.channelBody({ imap_security: 'none' }, dovecot.credentials(user)),
    );
    const ok = await c.t.request('POST', `/v1/channels/${good.id}/verify`, as(c.owner));
    expect(ok.body).toMatchObject({ status: 'connected', error_message: null });
    const missing = await createChannel(
      c,
      smtp.channelBody({ imap_security: 'none', imap_mailbox: 'Replies' }, dovecot.credentials(user)),
    );
    const res = await c.t.request('POST', `/v1/channels/${missing.id}/verify`, as(c.owner));
    expect(res.body).toMatchObject({ status: 'error' });
    expect(res.body.error_message).toMatch(/mailbox "Replies" does not exist/);
  });

  it('runs one session per channel across processes, hands it over, and resumes from its cursor', async () => {
    const { user, proxy, channel } = await mailboxChannel(dovecot);
    await waitForChannel(c, channel.id, 'connected');
    // A second process with the webhooks role: it may not open a second session on the mailbox.
    const second = await startWebhookWorker(c.t.runtime, { pollMs: 100, sessions: SESSION_TIMINGS });
    const extra: RunningWorker[] = [second];
    try {
      await new Promise((r) => setTimeout(r, SESSION_TIMINGS.scanMs * 5));
      expect(proxy.open).toBe(1);

      // Every process with the role stops; mail arrives meanwhile.
      const first = c.workers.find((w) => w.role === 'webhooks')!;
      c.workers.splice(c.workers.indexOf(first), 1);
      await first.close();
      await second.close();
      extra.length = 0;
      expect(proxy.open).toBe(0);
      await dovecot.deliver(
        user,
        mail(
          {
            From: uniqueAddress('hank'),
            To: user,
            Subject: 'Offline',
            'Message-ID': `<o-${randomBytes(4).toString('hex')}@x.example>`,
          },
          'Arrived while no session ran.',
        ),
      );

      // A new process takes the channel over and starts where the last session stopped.
      const third = await startWebhookWorker(c.t.runtime, { pollMs: 100, sessions: SESSION_TIMINGS });
      c.workers.push(third);
      const [offline] = await waitForInbound(channel.id);
      expect(offline.message_body).toBe('Arrived while no session ran.');
      expect(proxy.open).toBe(1);
      await new Promise((r) => setTimeout(r, SESSION_TIMINGS.scanMs * 3));
      expect(await inboundOf(c, channel.id)).toHaveLength(1);
      expect((await channelStatus(c, channel.id)).status).toBe('connected');
    } finally {
      await Promise.all(extra.map((w) => w.close()));
    }
  });
});
