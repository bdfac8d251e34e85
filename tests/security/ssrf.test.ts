import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HostResolver, setHostResolver } from '../../providers/http/private-hosts.js';
import { specFor } from '../channels/support.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// A tenant names the hosts our workers connect to (base_url, SMTP/IMAP/SMPP servers). Attacks:
// point them at the cloud metadata service or our own network, by literal, by a name resolving
// there, by a name that resolves public when saved and private when connected (DNS rebinding), and
// by a public host answering with a redirect into the private network.

type Peer = { url: string; hits: string[]; server: Server };

async function startPeer(handler: (path: string) => { status: number; headers?: Record<string, string> }) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const answer = handler(req.url ?? '');
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, server } satisfies Peer;
}

/** A DNS server under the attacker's control: answers from `table`, in order, the last one repeating. */
function attackerDns(table: Record<string, string[]>): { resolver: HostResolver; asked: string[] } {
  const asked: string[] = [];
  const resolver: HostResolver = async (hostname) => {
    asked.push(hostname);
    const answers = table[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const address = answers.length > 1 ? answers.shift()! : answers[0]!;
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  return { resolver, asked };
}

function twilioBody(baseUrl: string) {
  const { channel_type, provider, credentials } = specFor('twilio');
  return {
    channel_type,
    provider,
    credentials,
    name: 'ssrf',
    config: { from: '+15005550006', base_url: baseUrl },
  };
}

function emailBody(smtpHost: string, imapHost = 'imap.example.com') {
  const spec = specFor('email');
  return {
    channel_type: 'email',
    provider: 'email',
    name: 'ssrf',
    credentials: { ...spec.credentials, smtp_host: smtpHost, imap_host: imapHost },
    config: spec.config,
  };
}

function smppBody(host: string) {
  const spec = specFor('smpp');
  return {
    channel_type: 'smpp',
    provider: 'smpp',
    name: 'ssrf',
    credentials: { ...spec.credentials, host },
    config: spec.config,
  };
}

afterEach(() => {
  setHostResolver(undefined);
});

describe('with PROVIDER_PRIVATE_HOSTS off (the default)', () => {
  let t: TestContext;
  let owner: Session;
  beforeAll(async () => {
    t = await setupTestApp({ PROVIDER_BASE_URL_OVERRIDE: 'true' });
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  const create = (body: unknown) =>
    t.request('POST', '/v1/channels', { token: owner.token, accountId: owner.accountId, body });

  it('refuses base_url literals on metadata, loopback, private, ULA, link-local, CGNAT and 0.0.0.0', async () => {
    for (const baseUrl of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://127.0.0.1:9000',
      'http://2130706433/', // 127.0.0.1 as one decimal number
      'http://0x7f.1/',
      'http://[::ffff:7f00:1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[64:ff9b::a9fe:a9fe]/', // NAT64 of 169.254.169.254
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[::]/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'http://metadata.localhost/',
    ]) {
      const res = await create(twilioBody(baseUrl));
      expect(res.status, baseUrl).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        baseUrl,
      ).toEqual(['config.base_url']);
    }
  });

  it('refuses SMTP, IMAP and SMPP hosts given as private literals, in any spelling the resolver accepts', async () => {
    for (const host of [
      '169.254.169.254',
      '127.0.0.1',
      '2130706433',
      '0177.0.0.1',
      '10.1.2.3',
      'fd00:ec2::254',
    ]) {
      const smtp = await create(emailBody(host));
      expect(smtp.status, `smtp ${host}`).toBe(422);
      expect(smtp.body.errors.map((e: { path: string }) => e.path)).toEqual(['credentials.smtp_host']);
      const imap = await create(emailBody('smtp.example.com', host));
      expect(imap.status, `imap ${host}`).toBe(422);
      expect(imap.body.errors.map((e: { path: string }) => e.path)).toEqual(['credentials.imap_host']);
      const smpp = await create(smppBody(host));
      expect(smpp.status, `smpp ${host}`).toBe(422);
      expect(smpp.body.errors.map((e: { path: string }) => e.path)).toEqual(['credentials.host']);
    }
  });

  it('refuses a name that resolves to a private address when saved', async () => {
    setHostResolver(
      attackerDns({
        'metadata.attacker.test': ['169.254.169.254'],
        'intranet.attacker.test': ['10.0.0.8'],
        'v6.attacker.test': ['fd00:ec2::254'],
      }).resolver,
    );
    for (const host of ['metadata.attacker.test', 'intranet.attacker.test', 'v6.attacker.test']) {
      const base = await create(twilioBody(`https://${host}/api`));
      expect(base.status, host).toBe(422);
      expect(base.body.errors[0].message).toMatch(/private address/);
      expect((await create(emailBody(host))).status, host).toBe(422);
      expect((await create(smppBody(host))).status, host).toBe(422);
    }
    // A PATCH cannot slip it in afterwards either.
    setHostResolver(
      attackerDns({
        'public.attacker.test': ['93.184.216.34'],
        'metadata.attacker.test': ['169.254.169.254'],
      }).resolver,
    );
    const created = await create(twilioBody('https://public.attacker.test/api'));
    expect(created.status, created.text).toBe(201);
    const patched = await t.request('PATCH', `/v1/channels/${created.body.id}`, {
      token: owner.token,
      accountId: owner.accountId,
      body: { config: { base_url: 'https://metadata.attacker.test/api' } },
    });
    expect(patched.status).toBe(422);
    const after = await t.request('GET', `/v1/channels/${created.body.id}`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(after.body.config.base_url).toBe('https://public.attacker.test/api');
  });

  it('checks again at connect time: a name public when saved and loopback when connected never reaches the host', async () => {
    const victim = await startPeer(() => ({ status: 200 }));
    const port = new URL(victim.url).port;
    try {
      // The first answer (at save) is public, every later one (at connect) is the victim on loopback.
      const dns = attackerDns({ 'rebind.attacker.test': ['93.184.216.34', '127.0.0.1'] });
      setHostResolver(dns.resolver);
      const created = await create(twilioBody(`http://rebind.attacker.test:${port}/`));
      expect(created.status, created.text).toBe(201);
      const verified = await t.request('POST', `/v1/channels/${created.body.id}/verify`, {
        token: owner.token,
        accountId: owner.accountId,
      });
      expect(verified.status, verified.text).toBe(200);
      expect(verified.body.status).toBe('error');
      expect(verified.body.error_message).toMatch(/private address/);
      expect(dns.asked.length).toBeGreaterThanOrEqual(2);
      expect(victim.hits).toEqual([]);
    } finally {
      victim.server.close();
    }
  });

  it('accepts a public name, and one that does not resolve yet (it is checked again at connect)', async () => {
    setHostResolver(attackerDns({ 'api.vendor.test': ['93.184.216.34', '2606:2800:220:1::1'] }).resolver);
    expect((await create(twilioBody('https://api.vendor.test/v1'))).status).toBe(201);
    expect((await create(emailBody('smtp.unknown.test'))).status).toBe(201);
  });
});

describe('redirects', () => {
  let t: TestContext;
  let owner: Session;
  let metadata: Peer;
  let vendor: Peer;
  beforeAll(async () => {
    // The peers are on loopback, so this platform allows private hosts; the redirect's target is
    // a second loopback server standing in for 169.254.169.254.
    t = await setupTestApp({ PROVIDER_BASE_URL_OVERRIDE: 'true', PROVIDER_PRIVATE_HOSTS: 'true' });
    owner = await signUp(t);
    metadata = await startPeer(() => ({ status: 200 }));
    vendor = await startPeer(() => ({
      status: 302,
      headers: { location: `${metadata.url}/latest/meta-data/iam` },
    }));
  });
  afterAll(async () => {
    metadata.server.close();
    vendor.server.close();
    await t.close();
  });

  it('are never followed: a vendor answering 302 to the metadata service gets no second request there', async () => {
    const created = await t.request('POST', '/v1/channels', {
      token: owner.token,
      accountId: owner.accountId,
      body: twilioBody(vendor.url),
    });
    expect(created.status, created.text).toBe(201);
    const verified = await t.request('POST', `/v1/channels/${created.body.id}/verify`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(verified.status).toBe(200);
    expect(verified.body.status).not.toBe('connected');
    expect(vendor.hits.length).toBeGreaterThan(0);
    expect(metadata.hits).toEqual([]);
  });

  it('PROVIDER_PRIVATE_HOSTS=true lets an operator use hosts on its own network', async () => {
    const res = await t.request('POST', '/v1/channels', {
      token: owner.token,
      accountId: owner.accountId,
      body: emailBody('127.0.0.1', '10.0.0.7'),
    });
    expect(res.status, res.text).toBe(201);
  });
});
