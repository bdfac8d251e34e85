import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { testCertificate } from '../../helpers/tls-cert.js';

export type DovecotOptions = {
  /** Advertise IDLE (Dovecot's default); false lists the capabilities without it, so clients must poll. */
  idle?: boolean;
  /** Also listen with implicit TLS (imaps), serving the test certificate. */
  tls?: boolean;
  /** Mailboxes (users) to create: `box-1@acme.test`... one per channel, so channels do not share mail. */
  users?: number;
};

const DOVECOT = existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';
// The capabilities Dovecot 2.3 announces after login, without IDLE.
const WITHOUT_IDLE =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH SEARCHRES WITHIN LIST-STATUS BINARY MOVE LITERAL+';

/**
 * A real IMAP server on loopback: Debian's Dovecot (`dovecot-imapd`, installed by .ci/run when
 * missing) started with a private configuration in a temporary directory — its own ports, one user
 * in a passwd-file, a Maildir in the same directory, its own base_dir and logs — so no system
 * service or file is touched. Mail arrives as an MTA would deliver it: a file written into the
 * Maildir's `tmp/`, then moved into `new/`.
 */
export class DovecotPeer {
  readonly pass = 'imap-secret-2024';
  private counter = 0;
  private used = 0;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly tlsPort: number | undefined,
    readonly users: string[],
    private readonly mailOwner: { uid: number; gid: number } | undefined,
  ) {}

  static async start(options: DovecotOptions = {}): Promise<DovecotPeer> {
    const dir = await mkdtemp(join(tmpdir(), 'turumba-dovecot-'));
    // Dovecot's unprivileged processes walk into it.
    await chmod(dir, 0o755);
    const port = await freePort();
    const tlsPort = options.tls ? await freePort() : undefined;
    const me = userInfo();
    // As root, Dovecot's processes run as its own users and mail as `nobody`; otherwise all as us.
    const root = me.uid === 0;
    const mailOwner = root ? { uid: 65534, gid: 65534 } : undefined;
    const mailUid = root ? 65534 : me.uid;
    const mailGid = root ? 65534 : me.gid;
    const users = Array.from({ length: options.users ?? 1 }, (_, i) => `box-${i + 1}@acme.test`);
    const peer = new DovecotPeer(dir, port, tlsPort, users, mailOwner);
    await mkdir(join(dir, 'run'));
    await mkdir(join(dir, 'state'));
    await mkdir(join(dir, 'home'));
    await peer.own(join(dir, 'home'));
    for (const user of users) {
      await mkdir(join(dir, 'home', user));
      await peer.own(join(dir, 'home', user));
      await mkdir(peer.maildir(user));
      await peer.own(peer.maildir(user));
      for (const sub of ['cur', 'new', 'tmp']) {
        await mkdir(join(peer.maildir(user), sub));
        await peer.own(join(peer.maildir(user), sub));
      }
    }
    // Read by Dovecot's auth process (its own user): test passwords, not secrets.
    await writeFile(
      join(dir, 'passwd'),
      users.map((u) => `${u}:{PLAIN}${peer.pass}::::::nodelay=y\n`).join(''),
      {
        mode: 0o644,
      },
    );
    if (options.tls) {
      const { key, cert } = testCertificate();
      await writeFile(join(dir, 'cert.pem'), cert);
      await writeFile(join(dir, 'key.pem'), key, { mode: 0o600 });
    }
    const lines = [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `instance_name = turumba-test-${port}`,
      `log_path = ${dir}/dovecot.log`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      // Tests refuse logins on purpose: no delay slowing the others (see also anvil below).
      'auth_failure_delay = 0',
      `default_internal_user = ${root ? 'dovecot' : me.username}`,
      `default_internal_group = ${root ? 'dovecot' : me.username}`,
      `default_login_user = ${root ? 'dovenull' : me.username}`,
      `first_valid_uid = ${mailUid === 0 ? 0 : 1}`,
      `mail_location = maildir:${dir}/home/%u/Maildir`,
      options.idle === false ? `imap_capability = ${WITHOUT_IDLE}` : '',
      options.tls
        ? `ssl = yes\nssl_cert = <${dir}/cert.pem\nssl_key = <${dir}/key.pem${existsSync('/usr/share/dovecot/dh.pem') ? '\nssl_dh = </usr/share/dovecot/dh.pem' : ''}`
        : 'ssl = no',
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
      '}',
      'userdb {',
      '  driver = passwd-file',
      `  args = username_format=%u ${dir}/passwd`,
      `  default_fields = uid=${mailUid} gid=${mailGid} home=${dir}/home/%u`,
      '}',
      'service imap-login {',
      '  chroot =',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    address = 127.0.0.1',
      `    port = ${tlsPort ?? 0}`,
      ...(options.tls ? ['    ssl = yes'] : []),
      '  }',
      '}',
      'service anvil {',
      '  chroot =',
      // No per-IP penalty after refused logins (the documented way to turn it off).
      '  unix_listener anvil-auth-penalty {',
      '    mode = 0',
      '  }',
      '}',
      'service stats {',
      '  unix_listener stats-reader {',
      '    mode = 0600',
      '  }',
      '  unix_listener stats-writer {',
      '    mode = 0600',
      '  }',
      '}',
    ];
    await writeFile(join(dir, 'dovecot.conf'), `${lines.filter(Boolean).join('\n')}\n`);
    await startMaster(join(dir, 'dovecot.conf'));
    await waitForPort(port);
    return peer;
  }

  /** A mailbox no other test uses yet. */
  nextUser(): string {
    const user = this.users[this.used++];
    if (!user) throw new Error('no mailbox left: start Dovecot with more users');
    return user;
  }

  /** The IMAP part of an email channel's credentials for `user` (through `port`, e.g. a proxy's). */
  credentials(user: string, port = this.port): Record<string, unknown> {
    return { imap_host: '127.0.0.1', imap_port: port, imap_user: user, imap_pass: this.pass };
  }

  maildir(user: string): string {
    return join(this.dir, 'home', user, 'Maildir');
  }

  /** Delivers a raw RFC 5322 message into `user`'s INBOX as an MTA does (tmp/, then new/). */
  /** `receivedAt` back-dates the mail (Dovecot reads a Maildir file's mtime as its INTERNALDATE). */
  async deliver(user: string, raw: string, receivedAt?: Date): Promise<void> {
    const name = `${Date.now()}.M${++this.counter}P${process.pid}R${randomBytes(4).toString('hex')}.turumba-test`;
    const temporary = join(this.maildir(user), 'tmp', name);
    await writeFile(temporary, raw.replace(/\r?\n/g, '\n'));
    if (receivedAt) await utimes(temporary, receivedAt, receivedAt);
    await this.own(temporary);
    await rename(temporary, join(this.maildir(user), 'new', name));
  }

  /** Dovecot's own log, for a failing test's message. */
  log(): Promise<string> {
    return readFile(join(this.dir, 'dovecot.log'), 'utf8').catch(() => '');
  }

  async stop(): Promise<void> {
    const pidFile = join(this.dir, 'run', 'master.pid');
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && alive(pid)) await new Promise((r) => setTimeout(r, 50));
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private async own(path: string): Promise<void> {
    if (this.mailOwner) await chown(path, this.mailOwner.uid, this.mailOwner.gid);
  }
}

/** Runs Dovecot's master, which daemonizes: the command returns once it forked (stdio not kept). */
function startMaster(config: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(DOVECOT, ['-c', config], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited with ${code}`))));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
