import nodemailer from 'nodemailer';
import type { Logger } from '../observability/logger.js';

export type SystemMail = { to: string; subject: string; text: string };

export interface Mailer {
  send(mail: SystemMail): Promise<void>;
  close(): Promise<void>;
}

/**
 * System mail (verification codes, invitations, password resets). Without SYSTEM_SMTP_URL it is
 * written to the log so a developer can read codes; the recipient is masked there like any email.
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string; logger: Logger }): Mailer {
  const { smtpUrl, from, logger } = options;
  if (!smtpUrl) {
    return {
      async send(mail) {
        logger.info(
          { mail_to: mail.to, subject: mail.subject },
          `system mail (no SYSTEM_SMTP_URL): ${mail.text}`,
        );
      },
      async close() {},
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    async close() {
      transport.close();
    },
  };
}
