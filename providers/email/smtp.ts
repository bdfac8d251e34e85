import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import nodemailer, { type Transporter } from 'nodemailer';
import { type ConnectPolicy, connectSocket } from './connect.js';

/** How the channel's SMTP server is reached. */
export type SmtpSettings = {
  host: string;
  port: number;
  /** `tls`: implicit TLS (465); `starttls`: upgrade required (587); `none`: plain text (local relays). */
  security: 'tls' | 'starttls' | 'none';
  user: string;
  pass: string;
  /** Connections kept open per worker process. */
  poolSize: number;
  ca: string | undefined;
  timeoutMs: number;
  allowPrivateHosts: boolean;
};

/**
 * A pooled SMTP transport for one channel in one process: up to `poolSize` authenticated
 * connections are opened as sends need them and reused for many messages (no TCP, TLS and AUTH
 * round trips per mail), closed when idle or after `maxMessages`. Every connection is opened by
 * `connectSocket`, so PROVIDER_PRIVATE_HOSTS is checked on the address actually connected to;
 * nodemailer runs implicit TLS or STARTTLS over it.
 */
export function createSmtpTransport(settings: SmtpSettings): Transporter {
  const policy: ConnectPolicy = {
    allowPrivateHosts: settings.allowPrivateHosts,
    timeoutMs: settings.timeoutMs,
  };
  return nodemailer.createTransport({
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: { user: settings.user, pass: settings.pass },
    maxConnections: settings.poolSize,
    // A long-lived connection is renewed now and then (servers cap messages per session).
    maxMessages: 500,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    // A stalled DATA phase fails the send (retried) rather than holding a pool slot for minutes.
    socketTimeout: Math.max(settings.timeoutMs * 3, 30_000),
    tls: settings.ca ? { ca: [...rootCertificates, settings.ca] } : {},
    logger: false,
    debug: false,
    getSocket: (
      _options: unknown,
      callback: (err: Error | null, socketOptions?: { connection: Socket }) => void,
    ) => {
      connectSocket(settings.host, settings.port, policy).then(
        (socket) => callback(null, { connection: socket }),
        (error: Error) => callback(error),
      );
    },
  });
}
