import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type CapturedMail = { to: string[]; subject: string; text: string };

/** An in-process SMTP server that keeps every mail it receives, for reading codes and tokens. */
export class SmtpSink {
  readonly mails: CapturedMail[] = [];
  private server: SMTPServer;
  private waiters: (() => void)[] = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const to = [parsed.to]
              .flat()
              .flatMap((a) => (a ? a.value.map((v) => (v.address ?? '').toLowerCase()) : []));
            this.mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '' });
            for (const wake of this.waiters.splice(0)) wake();
            callback();
          })
          .catch(callback);
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  /**
   * Waits for the platform's mail work still running (system mail goes out after the answer: see
   * Mailer.later); set by the harness.
   */
  settle: () => Promise<void> = async () => {};

  /** The newest mail to `address` whose text matches, waiting up to `timeoutMs` for it. */
  async waitFor(address: string, match: RegExp = /./, timeoutMs = 5_000): Promise<CapturedMail> {
    await this.settle();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails
        .filter((m) => m.to.includes(address.toLowerCase()) && match.test(m.text))
        .at(-1);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail to ${address} matching ${match}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The 6-digit code of the newest mail to `address` that holds one. */
  async codeFor(address: string, after = 0): Promise<string> {
    const mail = await this.waitFor(address, /\b\d{6}\b/);
    const code = mail.text.match(/\b(\d{6})\b/)?.[1];
    if (!code || this.mails.indexOf(mail) < after) throw new Error(`no code mailed to ${address}`);
    return code;
  }

  /** How many mails `address` got, once the platform's mail work has settled. */
  async count(address: string): Promise<number> {
    await this.settle();
    return this.mails.filter((m) => m.to.includes(address.toLowerCase())).length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
