import type { Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { testCertificate } from '../../helpers/tls-cert.js';

/** A mail as the server received it: the envelope, the raw message and its parse. */
export type ReceivedMail = {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
  /** The Message-ID header, brackets removed. */
  messageId: string;
};

/**
 * Faults the server plays, in SMTP's own terms (RFC 5321 replies with RFC 3463 enhanced codes, as
 * Postfix writes them): a reply to RCPT TO or to the end of DATA, a refused login, a connection
 * cut in the middle of a transaction.
 */
export type SmtpFault =
  | { kind: 'rcpt'; code: number; text: string }
  | { kind: 'data'; code: number; text: string }
  | { kind: 'auth' }
  | { kind: 'reset' }
  /** Takes the message's data and never answers (a stalled server). */
  | { kind: 'hang' };

export type SmtpPeerOptions = {
  /** `tls`: implicit TLS from the first byte; `starttls`: offered and required; `none`: plain text. */
  security?: 'tls' | 'starttls' | 'none';
};

/**
 * A local SMTP server (the `smtp-server` package) playing the channel's mail server: it takes
 * logins (PLAIN/LOGIN with one user), keeps every mail it accepts, counts TCP connections, and
 * plays faults on demand. With TLS it serves a self-signed certificate the channel trusts through
 * `config.tls_ca`.
 */
export class SmtpPeer {
  readonly user = 'mailer@example.test';
  readonly pass = 'smtp-secret-2024';
  readonly mails: ReceivedMail[] = [];
  connections = 0;
  logins = 0;
  port = 0;
  private faults: { fault: SmtpFault; times: number }[] = [];
  private readonly sockets = new Set<Socket>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly security: 'tls' | 'starttls' | 'none',
  ) {}

  static async start(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
    const security = options.security ?? 'none';
    let peer: SmtpPeer | undefined;
    const tls = security === 'none' ? {} : testCertificate();
    const settings: SMTPServerOptions = {
      ...tls,
      secure: security === 'tls',
      hideSTARTTLS: security === 'none',
      disabledCommands: security === 'none' ? ['STARTTLS'] : [],
      // We write the enhanced codes ourselves, as an MTA would.
      hideENHANCEDSTATUSCODES: true,
      allowInsecureAuth: security === 'none',
      authMethods: ['PLAIN', 'LOGIN'],
      size: 30 * 1024 * 1024,
      logger: false,
      onConnect: (_session, callback) => {
        peer!.connections++;
        callback();
      },
      onAuth: (auth, _session, callback) => {
        const p = peer!;
        if (p.take('auth') || auth.username !== p.user || auth.password !== p.pass) {
          callback(reply(535, '5.7.8 Error: authentication failed: authentication failure'));
          return;
        }
        p.logins++;
        callback(null, { user: auth.username });
      },
      onRcptTo: (_address, _session, callback) => {
        const p = peer!;
        if (p.take('reset')) {
          p.resetAll();
          return;
        }
        const fault = p.take('rcpt');
        if (fault?.kind === 'rcpt') {
          callback(reply(fault.code, fault.text));
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const p = peer!;
          if (p.take('hang')) return;
          const fault = p.take('data');
          if (fault?.kind === 'data') {
            callback(reply(fault.code, fault.text));
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              p.mails.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
                raw,
                parsed,
                messageId: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
              });
              for (const wake of p.waiters.splice(0)) wake();
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    };
    const server = new SMTPServer(settings);
    peer = new SmtpPeer(server, security);
    server.server.on('connection', (socket: Socket) => {
      peer!.sockets.add(socket);
      socket.on('close', () => peer!.sockets.delete(socket));
    });
    server.on('error', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    peer.port = (server.server.address() as { port: number }).port;
    return peer;
  }

  /** The `POST /v1/channels` body of an email channel sending through this server. */
  channelBody(config: Record<string, unknown> = {}, credentials: Record<string, unknown> = {}) {
    return {
      name: `Email ${this.port}`,
      channel_type: 'email',
      sender_name: 'Acme Support',
      credentials: {
        smtp_host: '127.0.0.1',
        smtp_port: this.port,
        smtp_user: this.user,
        smtp_pass: this.pass,
        ...credentials,
      },
      config: {
        from_address: 'support@acme.test',
        smtp_security: this.security,
        timeout_ms: 5_000,
        ...(this.security === 'none' ? {} : { tls_ca: testCertificate().cert }),
        ...config,
      },
    };
  }

  /** Plays `fault` on the next `times` occasions it applies to (Infinity: until cleared). */
  failNext(fault: SmtpFault, times = 1): void {
    this.faults.push({ fault, times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** The mail whose Message-ID is `id`, waiting for it up to `timeoutMs`. */
  async waitForMail(match: (m: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no such mail reached the SMTP server');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(kind: SmtpFault['kind']): SmtpFault | undefined {
    const entry = this.faults.find((f) => f.fault.kind === kind);
    if (!entry) return undefined;
    entry.times -= 1;
    if (entry.times <= 0) this.faults.splice(this.faults.indexOf(entry), 1);
    return entry.fault;
  }

  private resetAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

function reply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}
