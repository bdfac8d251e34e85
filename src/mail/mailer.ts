import nodemailer from 'nodemailer';
import type { Logger } from '../observability/logger.js';

export type SystemMail = { to: string; subject: string; text: string };

export interface Mailer {
  send(mail: SystemMail): Promise<void>;
  /**
   * Runs mail work after the caller has answered (whether an address exists must not show in a
   * response's timing); failures are logged. `close` waits for it, so a shutdown loses no mail.
   * Work with the same `key` (say, one address) runs one after the other, in the order handed in, so
   * the newest code mailed is the newest code stored.
   */
  later(what: string, work: () => Promise<void>, key?: string): void;
  /** Resolves when every piece of work handed to `later` so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * System mail (verification codes, invitations, password resets). Without SYSTEM_SMTP_URL it is
 * written to the log so a developer can read codes; the recipient is masked there like any email.
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string; logger: Logger }): Mailer {
  const { smtpUrl, from, logger } = options;
  const pending = new Set<Promise<void>>();
  const chains = new Map<string, Promise<void>>();
  const later = (what: string, work: () => Promise<void>, key?: string) => {
    const before = key === undefined ? undefined : chains.get(key);
    const running: Promise<void> = (before ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => logger.warn({ err: (error as Error).name, what }, 'system mail work failed'))
      .finally(() => {
        pending.delete(running);
        if (key !== undefined && chains.get(key) === running) chains.delete(key);
      });
    pending.add(running);
    if (key !== undefined) chains.set(key, running);
  };
  const idle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  if (!smtpUrl) {
    return {
      async send(mail) {
        logger.info(
          { mail_to: mail.to, subject: mail.subject },
          `system mail (no SYSTEM_SMTP_URL): ${mail.text}`,
        );
      },
      later,
      idle,
      async close() {
        await idle();
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    later,
    idle,
    async close() {
      await idle();
      transport.close();
    },
  };
}
