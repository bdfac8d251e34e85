import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailProvider } from '../../providers/email/adapter.js';
import { email } from '../../providers/email.js';
import { as, waitFor } from '../dispatch/support.js';
import { signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { testCertificate } from '../helpers/tls-cert.js';
import {
  type ContractEnv,
  createChannel,
  getMessage,
  sendTo,
  stopContractEnv,
  waitForMessage,
} from './contract.js';
import { PUBLIC_BASE_URL, startEmailEnv, waitForChannel } from './email-support.js';
import { type ReceivedMail, SmtpPeer } from './peers/smtp.js';

let c: ContractEnv;
let peer: SmtpPeer;
let n = 0;
const recipient = () => `person-${++n}-${randomBytes(3).toString('hex')}@example.org`;

beforeAll(async () => {
  c = await startEmailEnv({}, { sessions: false });
  peer = await SmtpPeer.start();
});
afterAll(async () => {
  await peer?.close();
  await stopContractEnv(c);
});

/** A header's unfolded value as sent (mailparser folds List-* headers into its own structure). */
const headerOf = (mail: ReceivedMail, name: string) =>
  mail.parsed.headerLines
    .find((h) => h.key === name)
    ?.line.slice(name.length + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();

const mailFor = (providerMessageId: string) => peer.waitForMail((m) => m.messageId === providerMessageId);

async function createContact(body: Record<string, unknown>): Promise<any> {
  const res = await c.t.request('POST', '/v1/contacts', { ...as(c.owner), body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe('email: sending over SMTP', () => {
  it('sends from the channel address and sender name, and records our Message-ID', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const to = recipient();
    const created = await sendTo(c, channel.id, to, {
      subject: 'Your order',
      message_body: 'It ships today.',
    });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    expect(sent.provider_message_id).toBe(`${created.id}@acme.test`);
    const mail = await mailFor(sent.provider_message_id);
    expect(mail.to).toEqual([to]);
    expect(mail.from).toBe('support@acme.test');
    expect(mail.parsed.from?.value[0]).toMatchObject({ name: 'Acme Support', address: 'support@acme.test' });
    expect(mail.parsed.subject).toBe('Your order');
    expect(mail.parsed.text?.trim()).toBe('It ships today.');
    // Plain text stays plain: no HTML part, and no unsubscribe headers on a single message.
    expect(mail.parsed.html).toBe(false);
    expect(headerOf(mail, 'list-unsubscribe')).toBeUndefined();
  });

  it('renders an HTML template: subject from the template, values escaped, a text alternative', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const template = await c.t.request('POST', '/v1/templates', {
      ...as(c.owner),
      body: {
        name: `Welcome ${n}`,
        channel_type: 'email',
        subject: 'Welcome, {FIRST_NAME}',
        message_body:
          '<p>Dear {FIRST_NAME},</p><p>Your plan: <b>{PLAN}</b>. <a href="https://acme.test/start">Start here</a></p>',
      },
    });
    expect(template.status, template.text).toBe(201);
    const contact = await createContact({ first_name: 'Tom & <Jerry>', email: recipient() });
    const res = await c.t.request('POST', '/v1/messages', {
      ...as(c.owner),
      body: {
        channel_id: channel.id,
        contact_id: contact.id,
        template_id: template.body.id,
        variables: { PLAN: '<script>alert(1)</script>' },
      },
    });
    expect(res.status, res.text).toBe(202);
    const sent = await waitForMessage(c, res.body.id, (m) => m.status === 'sent', 'sent');
    const mail = await mailFor(sent.provider_message_id);
    expect(mail.parsed.subject).toBe('Welcome, Tom & <Jerry>');
    expect(mail.parsed.html).toContain('<p>Dear Tom &amp; &lt;Jerry&gt;,</p>');
    expect(mail.parsed.html).toContain('<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>');
    expect(mail.parsed.html).not.toContain('<script>');
    expect(mail.parsed.text).toContain('Dear Tom & <Jerry>,');
    expect(mail.parsed.text).toContain('Start here (https://acme.test/start)');
  });

  it('sends a broadcast over a few pooled connections, each mail with one-click unsubscribe', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const count = 40;
    const contacts = [];
    for (let i = 0; i < count; i++)
      contacts.push(await createContact({ first_name: `P${i}`, email: recipient() }));
    const group = await c.t.request('POST', '/v1/contact-groups', {
      ...as(c.owner),
      body: { name: `Newsletter ${randomBytes(3).toString('hex')}` },
    });
    await c.t.request('POST', `/v1/contact-groups/${group.body.id}/members`, {
      ...as(c.owner),
      body: { contact_ids: contacts.map((x) => x.id) },
    });
    const before = peer.connections;
    const created = await c.t.request('POST', '/v1/group-messages', {
      ...as(c.owner),
      body: {
        name: 'Newsletter',
        channel_id: channel.id,
        message_body: 'Hello {FIRST_NAME}, here is our news.',
        contact_group_ids: [group.body.id],
        status: 'queued',
      },
    });
    expect(created.status, created.text).toBe(201);
    await waitFor(
      async () => {
        const g = await c.t.request('GET', `/v1/group-messages/${created.body.id}`, as(c.owner));
        return g.body.sent_count === count;
      },
      'broadcast sent',
      30_000,
    );
    // smtp_pool_size (default 5) connections, reused: not one per mail.
    expect(peer.connections - before).toBeGreaterThan(0);
    expect(peer.connections - before).toBeLessThanOrEqual(5);

    const list = await c.t.request(
      'GET',
      `/v1/messages?filter=group_message_id:eq:${created.body.id}&page_size=100`,
      as(c.owner),
    );
    const first = list.body.items[0];
    const mail = await mailFor(first.provider_message_id);
    const header = headerOf(mail, 'list-unsubscribe') ?? '';
    expect(headerOf(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = /<(https:\/\/[^>]+)>/.exec(header)?.[1];
    expect(url?.startsWith(`${PUBLIC_BASE_URL}/v1/unsubscribe/`)).toBe(true);
    // The address is sealed in the link, never in clear.
    expect(url).not.toContain(first.delivery_address.split('@')[0]);
    const path = url!.slice(PUBLIC_BASE_URL.length);

    // Opening the link shows a button and records nothing (RFC 8058: fetching must not unsubscribe).
    const page = await c.t.request('GET', path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"');
    const optOuts = () =>
      c.env.sql.query(
        'SELECT address, contact_id, source, channel_type FROM opt_outs WHERE account_id = $1',
        [c.owner.accountId],
      );
    expect((await optOuts()).rows).toHaveLength(0);

    // The mail client's one-click POST.
    const oneClick = await c.t.request('POST', path, {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.status, oneClick.text).toBe(200);
    const again = await c.t.request('POST', path, { rawBody: 'List-Unsubscribe=One-Click' });
    expect(again.status).toBe(200);
    expect((await optOuts()).rows).toEqual([
      {
        address: first.delivery_address,
        contact_id: first.contact_id,
        source: 'unsubscribe_link',
        channel_type: 'email',
      },
    ]);
    // An altered token names nobody: 400, and nothing is recorded.
    const forged = await c.t.request('POST', `${path.slice(0, -4)}AAAA`, {
      rawBody: 'List-Unsubscribe=One-Click',
    });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('invalid_unsubscribe_link');
    expect((await c.t.request('GET', `${path.slice(0, -4)}AAAA`)).status).toBe(400);
    expect((await optOuts()).rows).toHaveLength(1);
    // The audit log has it once (the repeat changed nothing), by the system, the address masked.
    const audit = await c.t.request('GET', '/v1/audit-log?filter=resource_type:eq:opt_out', {
      token: c.owner.token,
      accountId: c.owner.accountId,
    });
    expect(audit.body.items.map((e: any) => [e.action, e.actor.type, e.changes])).toEqual([
      [
        'opt_out.created',
        'system',
        { channel_type: { to: 'email' }, address: { to: '••••' }, source: { to: 'unsubscribe_link' } },
      ],
    ]);
    expect(audit.text).not.toContain(first.delivery_address);
  });
});

describe('email: SMTP failures', () => {
  it('fails a refused recipient (5xx) at once, with the server’s enhanced code', async () => {
    const channel = await createChannel(c, peer.channelBody());
    peer.failNext({
      kind: 'rcpt',
      code: 550,
      text: '5.1.1 <x@example.org>: Recipient address rejected: User unknown in local recipient table',
    });
    const created = await sendTo(c, channel.id, recipient());
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failure');
    expect(failed.attempts).toBe(1);
    expect(failed.error_details).toMatchObject({
      code: 'invalid_address',
      retryable: false,
      provider_code: '5.1.1',
    });
    expect(failed.error_details.provider_message).toContain('User unknown');
  });

  it('retries a deferral (4xx) and sends on the retry', async () => {
    const channel = await createChannel(c, { ...peer.channelBody(), retry_interval: 1, retry_count: 2 });
    peer.failNext({ kind: 'data', code: 451, text: '4.3.0 Error: queue file write error' });
    const created = await sendTo(c, channel.id, recipient());
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent on retry');
    expect(sent.attempts).toBe(2);
    await mailFor(sent.provider_message_id);
  });

  it('retries a connection cut mid-transaction, with the same Message-ID', async () => {
    const channel = await createChannel(c, { ...peer.channelBody(), retry_interval: 1, retry_count: 2 });
    peer.failNext({ kind: 'reset' });
    const created = await sendTo(c, channel.id, recipient());
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent on retry');
    expect(sent.attempts).toBe(2);
    expect(sent.provider_message_id).toBe(`${created.id}@acme.test`);
  });

  it('gives up on a stalled server without sending the queued mail later, then sends each once', async () => {
    // One connection, short deadlines: the first mail stalls in DATA, the second waits behind it.
    const channel = await createChannel(c, {
      ...peer.channelBody({ smtp_pool_size: 1, timeout_ms: 1_000 }),
      retry_interval: 1,
      retry_count: 2,
    });
    peer.failNext({ kind: 'hang' });
    const first = await sendTo(c, channel.id, recipient());
    const second = await sendTo(c, channel.id, recipient());
    const sent = await Promise.all(
      [first, second].map((m) =>
        waitForMessage(c, m.id, (x) => x.status === 'sent' && x.attempts === 2, 'resent'),
      ),
    );
    // Both were given up on the first attempt (the stalled one and the one queued behind it)...
    for (const message of sent) {
      await mailFor(message.provider_message_id);
      // ...and neither reached the server twice.
      expect(peer.mails.filter((m) => m.messageId === message.provider_message_id)).toHaveLength(1);
    }
  });

  it('gives a deferral up as retryable once no retry is left', async () => {
    const channel = await createChannel(c, { ...peer.channelBody(), retry_count: 0 });
    peer.failNext({
      kind: 'rcpt',
      code: 450,
      text: '4.2.0 <x@example.org>: Recipient address rejected: Greylisted',
    });
    const created = await sendTo(c, channel.id, recipient());
    const failed = await waitForMessage(c, created.id, (m) => m.status === 'permanently_failed', 'failure');
    expect(failed.error_details).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      reason: 'retries_exhausted',
    });
  });

  it('stops the channel when the login is refused, keeps the message, and sends after a verify', async () => {
    const channel = await createChannel(c, peer.channelBody());
    peer.failNext({ kind: 'auth' }, Number.POSITIVE_INFINITY);
    let created: any;
    try {
      created = await sendTo(c, channel.id, recipient());
      const stopped = await waitForChannel(c, channel.id, 'error');
      expect(stopped.error_message).toMatch(/authentication failed/i);
      expect((await getMessage(c, created.id)).status).toBe('queued');
      const refused = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
      expect(refused.body).toMatchObject({ status: 'error' });
    } finally {
      peer.clearFaults();
    }
    const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(verified.body).toMatchObject({ status: 'connected', error_message: null });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent after verify');
    await mailFor(sent.provider_message_id);
  });

  it('verifies the SMTP login (and says so when the server is down)', async () => {
    const channel = await createChannel(c, peer.channelBody());
    const ok = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(ok.body).toMatchObject({ status: 'connected', error_message: null });
    const closed = await SmtpPeer.start();
    const port = closed.port;
    await closed.close();
    const down = await createChannel(c, {
      ...peer.channelBody(),
      credentials: { ...peer.channelBody().credentials, smtp_port: port },
    });
    const res = await c.t.request('POST', `/v1/channels/${down.id}/verify`, as(c.owner));
    // A server that does not answer says nothing about the credentials.
    expect(res.body.status).toBe('disconnected');
    expect(res.body.error_message).toMatch(/SMTP: the connection to the server failed/);
  });
});

describe('email: TLS', () => {
  for (const security of ['tls', 'starttls'] as const) {
    it(`sends over ${security === 'tls' ? 'implicit TLS' : 'STARTTLS'} to a server with a private CA`, async () => {
      const secured = await SmtpPeer.start({ security });
      try {
        const channel = await createChannel(c, secured.channelBody());
        const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
        expect(verified.body).toMatchObject({ status: 'connected' });
        const created = await sendTo(c, channel.id, recipient());
        const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
        await secured.waitForMail((m) => m.messageId === sent.provider_message_id);
        expect(secured.logins).toBeGreaterThan(0);

        // Without the CA the certificate is not trusted: the channel cannot work as configured.
        const body = secured.channelBody();
        const untrusted = await createChannel(c, { ...body, config: { ...body.config, tls_ca: undefined } });
        const refused = await c.t.request('POST', `/v1/channels/${untrusted.id}/verify`, as(c.owner));
        expect(refused.body.status).toBe('error');
        expect(refused.body.error_message).toMatch(/certificate is not trusted/);
      } finally {
        await secured.close();
      }
    });
  }

  it('refuses STARTTLS mode against a server that offers no STARTTLS', async () => {
    const channel = await createChannel(
      c,
      peer.channelBody({ smtp_security: 'starttls', tls_ca: testCertificate().cert }),
    );
    const res = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
    expect(res.body.status).toBe('error');
    expect(res.body.error_message).toMatch(/STARTTLS/);
  });
});

describe('email: attachments by media_url', () => {
  let files: Server;
  let base = '';
  const report = Buffer.from(`%PDF-1.4 ${randomBytes(2048).toString('hex')}`);
  beforeAll(async () => {
    files = createServer(testCertificate(), (req, res) => {
      if (req.url === '/files/Quarterly%20report.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(report);
      } else if (req.url === '/files/huge.bin') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.alloc(1_200_000, 1));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(files.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => files.close(() => resolve())));

  // The file host's certificate is the test CA's, which the channel trusts through tls_ca.
  const withCa = (config: Record<string, unknown> = {}) =>
    peer.channelBody({ tls_ca: testCertificate().cert, ...config });

  it('attaches the file at media_url', async () => {
    const channel = await createChannel(c, withCa());
    const created = await sendTo(c, channel.id, recipient(), {
      media_url: `${base}/files/Quarterly%20report.pdf`,
    });
    const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
    const mail = await mailFor(sent.provider_message_id);
    expect(mail.parsed.attachments).toHaveLength(1);
    expect(mail.parsed.attachments[0]).toMatchObject({
      filename: 'Quarterly report.pdf',
      contentType: 'application/pdf',
    });
    expect(mail.parsed.attachments[0]!.content.equals(report)).toBe(true);
  });

  it('fails a message whose attachment is too large or gone, without sending it', async () => {
    const channel = await createChannel(c, withCa({ max_attachment_mb: 1 }));
    const before = peer.mails.length;
    const huge = await sendTo(c, channel.id, recipient(), { media_url: `${base}/files/huge.bin` });
    const gone = await sendTo(c, channel.id, recipient(), { media_url: `${base}/files/missing.pdf` });
    const tooBig = await waitForMessage(c, huge.id, (m) => m.status === 'permanently_failed', 'too big');
    expect(tooBig.error_details).toMatchObject({ code: 'content_rejected' });
    expect(tooBig.error_details.message).toMatch(/larger than 1 MB/);
    const missing = await waitForMessage(c, gone.id, (m) => m.status === 'permanently_failed', 'missing');
    expect(missing.error_details).toMatchObject({ code: 'content_rejected', http_status: 404 });
    expect(peer.mails.length).toBe(before);
  });
});

describe('email: private hosts', () => {
  let strict: TestContext;
  beforeAll(async () => {
    strict = await setupTestApp({ PUBLIC_BASE_URL });
  });
  afterAll(() => strict?.close());

  it('refuses loopback SMTP and IMAP hosts with 422 when PROVIDER_PRIVATE_HOSTS is off', async () => {
    const owner = await signUp(strict);
    const body = peer.channelBody({}, { imap_host: 'localhost', imap_user: 'x', imap_pass: 'y' });
    const res = await strict.request('POST', '/v1/channels', { ...as(owner), body });
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual([
      'credentials.imap_host',
      'credentials.smtp_host',
    ]);
    const publicHost = await strict.request('POST', '/v1/channels', {
      ...as(owner),
      body: {
        ...body,
        credentials: { ...body.credentials, smtp_host: 'smtp.example.com', imap_host: 'imap.example.com' },
      },
    });
    expect(publicHost.status, publicHost.text).toBe(201);
  });

  it('checks again at connect time: a name resolving to loopback is refused by SMTP and IMAP', async () => {
    // `localhost` passes no check at save time when it hides behind DNS; the address connected to is checked.
    const body = peer.channelBody();
    const provider = createEmailProvider({
      channelId: 'private-host-check',
      credentials: {
        ...body.credentials,
        smtp_host: 'localhost',
        ...{ imap_host: 'localhost', imap_port: 143, imap_user: 'u', imap_pass: 'p' },
      },
      config: email.config.parse({ ...body.config, imap_security: 'none' }) as never,
      senderName: null,
      baseUrl: undefined,
      allowPrivateHosts: false,
      webhookUrls: {},
    });
    try {
      const message = { messageId: randomUUID(), to: recipient(), body: 'Hi', attempt: 1 };
      await expect(provider.send(message)).rejects.toMatchObject({
        code: 'host_not_allowed',
        retryable: false,
      });
      await expect(provider.verify()).rejects.toMatchObject({ code: 'host_not_allowed' });
      const states: string[] = [];
      const listener = provider.listen!({
        since: new Date(),
        deliver: async () => {},
        cursor: async () => null,
        state: (state, detail) => states.push(`${state}: ${detail}`),
        log: () => {},
      });
      await waitFor(() => states.length > 0, 'the session state');
      await listener.close();
      expect(states).toEqual([
        'error: IMAP: the server resolves to a private address, which PROVIDER_PRIVATE_HOSTS does not allow',
      ]);
    } finally {
      await provider.close?.();
    }
  });
});
