import { rootCertificates } from 'node:tls';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { PrivateHostError } from '../http/private-hosts.js';
import type { InboundMessage, SessionListener, SessionSink, StatusEvent } from '../types.js';
import { checkHostLiteral, lookupFor } from './connect.js';
import { readMail } from './inbound.js';

/** How the channel's mailbox is reached and watched. */
export type MailboxSettings = {
  host: string;
  port: number;
  /** `tls`: implicit TLS (993); `starttls`: upgrade required; `none`: plain text (local servers only). */
  security: 'tls' | 'starttls' | 'none';
  user: string;
  pass: string;
  mailbox: string;
  /** Wait for the server's IDLE notifications when it offers IDLE; otherwise poll. */
  idle: boolean;
  pollMs: number;
  ca: string | undefined;
  allowPrivateHosts: boolean;
  timeoutMs: number;
};

/** Reconnect backoff bounds, and the longest IDLE before it is renewed. */
export type MailboxTiming = { reconnectMinMs: number; reconnectMaxMs: number; idleRenewMs: number };

const DEFAULT_TIMING: MailboxTiming = {
  reconnectMinMs: 1_000,
  reconnectMaxMs: 5 * 60_000,
  // RFC 2177: servers may drop an IDLE after 30 minutes; renewing well before also detects a dead
  // connection that no server notification would ever reveal, and stays under imapflow's 5-minute
  // inactivity timeout on servers that send nothing while idling.
  idleRenewMs: 4 * 60_000,
};
// Between two polls the connection still speaks this often (NOOP), under imapflow's 5-minute
// inactivity timeout and the 30-minute autologout of RFC 3501, so a long poll interval does not
// read as a dead connection.
const KEEPALIVE_MS = 4 * 60_000;
// Mails fetched and stored per transaction: a burst arrives in a few round trips, and a crash
// replays at most this many (deduplicated by their Message-ID).
const BATCH = 25;
// A larger mail is read only this far: enough for its headers, text and a bounce's report.
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** Where the session is: the mailbox, its UIDVALIDITY, the last UID handed over, and when (ms). */
type Cursor = { mailbox: string; uidValidity: string; lastUid: number; at?: number | undefined };

/** A login the server refused, or a mailbox that does not exist: retrying cannot help. */
class MailboxFault extends Error {
  override name = 'MailboxFault';
}

/**
 * The channel's IMAP session: logs in, opens the mailbox read-only (nothing is marked seen, moved
 * or deleted: people may use the same mailbox), and hands every mail that arrives after the stored
 * cursor (UIDVALIDITY and last UID) to the sink, the cursor advancing in the same transaction. New
 * mail is noticed through IDLE when the server offers it (RFC 2177), else by polling (NOOP, then a
 * UID FETCH of what is past the cursor). A dropped connection is reconnected with exponential
 * backoff and jitter, the channel `disconnected` meanwhile; a refused login or a missing mailbox
 * puts the channel in `error` and ends the session (the platform starts it again once verified).
 * On its first start the session takes up the mail received since the channel was created (so mail
 * that arrives before the session first opens is not lost); older mail is not imported.
 */
export function startMailboxListener(
  settings: MailboxSettings,
  sink: SessionSink,
  timing: Partial<MailboxTiming> = {},
): SessionListener {
  const t = { ...DEFAULT_TIMING, ...timing };
  let stopped = false;
  let client: ImapFlow | undefined;
  let wake: (() => void) | undefined;
  const stop = new Promise<void>((resolve) => {
    wake = resolve;
  });

  const run = async () => {
    let failures = 0;
    while (!stopped) {
      try {
        client = createImapClient(settings);
        await watch(
          client,
          settings,
          sink,
          t,
          () => stopped,
          stop,
          () => {
            failures = 0;
          },
        );
      } catch (error) {
        if (stopped) break;
        const fault = channelFault(error);
        if (fault) {
          sink.log(
            'warn',
            { err: errorName(error) },
            'mailbox session stopped: the channel needs new settings',
          );
          sink.state('error', fault);
          break;
        }
        sink.state('disconnected', describe(error));
        const delay = backoff(failures++, t);
        sink.log('info', { err: errorName(error), retry_ms: delay }, 'mailbox connection lost; reconnecting');
        await Promise.race([sleep(delay), stop]);
      } finally {
        const closing = client;
        client = undefined;
        closing?.close();
      }
    }
  };
  const running = run();

  return {
    ended: running,
    async close() {
      stopped = true;
      wake?.();
      client?.close();
      await running;
    },
  };
}

async function watch(
  client: ImapFlow,
  settings: MailboxSettings,
  sink: SessionSink,
  t: MailboxTiming,
  isStopped: () => boolean,
  stop: Promise<void>,
  onConnected: () => void,
): Promise<void> {
  // Any close or error of the connection ends the wait and the session (then a reconnect).
  let lost: ((error: Error) => void) | undefined;
  const closed = new Promise<never>((_, reject) => {
    lost = reject;
  });
  closed.catch(() => {});
  client.on('close', () =>
    lost?.(Object.assign(new Error('IMAP connection closed'), { code: 'ECONNCLOSED' })),
  );
  client.on('error', (error: Error) => lost?.(error));

  await client.connect();
  let box: Awaited<ReturnType<ImapFlow['mailboxOpen']>>;
  try {
    box = await client.mailboxOpen(settings.mailbox, { readOnly: true });
  } catch (error) {
    if (isMissingMailbox(error)) {
      throw new MailboxFault(`IMAP: the mailbox "${settings.mailbox}" does not exist`);
    }
    throw error;
  }
  onConnected();
  sink.state('connected');
  const useIdle = settings.idle && client.capabilities.has('IDLE');
  sink.log('info', { mode: useIdle ? 'idle' : 'poll' }, 'mailbox session open');

  let cursor = readCursor(await sink.cursor());
  const uidValidity = String(box.uidValidity);
  if (!cursor || cursor.mailbox !== settings.mailbox || cursor.uidValidity !== uidValidity) {
    // First start: begin with the mail received since the channel was created. The server renumbered
    // the mailbox (UIDVALIDITY changed): the old UIDs mean nothing, so begin with the mail received
    // since the cursor was last written (what was taken before is skipped by its Message-ID). Another
    // mailbox, or a cursor without its time: begin at its current end.
    const end = Math.max(0, box.uidNext - 1);
    const since = !cursor ? sink.since : cursor.mailbox === settings.mailbox ? cursor.at : undefined;
    const lastUid = since === undefined ? end : await lastUidBefore(client, new Date(since), end);
    cursor = { mailbox: settings.mailbox, uidValidity, lastUid };
    await sink.deliver({ receipts: [], inbound: [], cursor: writeCursor(cursor) });
  }

  let news = false;
  let interrupt: (() => void) | undefined;
  client.on('exists', () => {
    news = true;
    interrupt?.();
  });
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
      if (news) done();
    });

  while (!isStopped()) {
    news = false;
    cursor = await drain(client, cursor, sink);
    if (isStopped()) return;
    if (useIdle) {
      // IDLE until the server reports mail (or the renewal time); the next command ends it.
      // Settles when IDLE ends; a connection lost meanwhile is handled through `closed`.
      const idling = client.idle().catch(() => false);
      await Promise.race([pause(t.idleRenewMs), stop, closed]);
      interrupt = undefined;
      if (isStopped()) return;
      await client.noop();
      await idling;
      continue;
    }
    // Poll: wait the interval (a NOOP now and then keeps the connection alive, and lets the
    // server report new mail early), then fetch what is past the cursor.
    const due = Date.now() + settings.pollMs;
    while (!isStopped() && !news && Date.now() < due) {
      await Promise.race([pause(Math.min(KEEPALIVE_MS, due - Date.now())), stop, closed]);
      interrupt = undefined;
      if (isStopped()) return;
      await client.noop();
    }
  }
}

/**
 * The last UID before the first mail the server received at or after `since` (its INTERNALDATE),
 * or `end` when none was. SEARCH SINCE compares dates without time or zone (RFC 3501 section
 * 6.4.4), so it is asked from a day earlier and the times are compared here, to the second.
 */
async function lastUidBefore(client: ImapFlow, since: Date, end: number): Promise<number> {
  const candidates = await client.search({ since: new Date(since.getTime() - 86_400_000) }, { uid: true });
  if (!candidates || candidates.length === 0) return end;
  const from = Math.floor(since.getTime() / 1_000) * 1_000;
  // A busy mailbox has many candidates: no spread into Math.min (its arguments go on the stack).
  const first = candidates.reduce((a, b) => Math.min(a, b));
  const dated = await client.fetchAll(`${first}:*`, { uid: true, internalDate: true }, { uid: true });
  let firstFresh = Number.POSITIVE_INFINITY;
  for (const m of dated) {
    if (m.internalDate instanceof Date && m.internalDate.getTime() >= from)
      firstFresh = Math.min(firstFresh, m.uid);
  }
  return Number.isFinite(firstFresh) ? Math.min(end, firstFresh - 1) : end;
}

/** Fetches and hands over everything past the cursor, a batch at a time; returns the new cursor. */
async function drain(client: ImapFlow, cursor: Cursor, sink: SessionSink): Promise<Cursor> {
  let current = cursor;
  for (;;) {
    // `n:*` also returns the newest mail when it is below n (RFC 3501 section 6.4.8): filter.
    const listed = await client.fetchAll(
      `${current.lastUid + 1}:*`,
      { uid: true, size: true },
      { uid: true },
    );
    const uids = listed
      .map((m) => m.uid)
      .filter((uid) => uid > current.lastUid)
      .sort((a, b) => a - b)
      .slice(0, BATCH);
    if (uids.length === 0) return current;
    const receipts: StatusEvent[] = [];
    const inbound: InboundMessage[] = [];
    const skipped: Record<string, number> = {};
    for (const uid of uids) {
      const message = await client.fetchOne(
        String(uid),
        { uid: true, source: { maxLength: MAX_SOURCE_BYTES }, internalDate: true },
        { uid: true },
      );
      if (message === false || !message.source) continue;
      const receivedAt = message.internalDate instanceof Date ? message.internalDate : new Date();
      try {
        const outcome = await readMail(message.source, `imap:${current.uidValidity}:${uid}`, receivedAt);
        if (outcome.kind === 'inbound') inbound.push(outcome.inbound);
        else if (outcome.kind === 'receipts') receipts.push(...outcome.receipts);
        else skipped[outcome.reason] = (skipped[outcome.reason] ?? 0) + 1;
      } catch (error) {
        // A mail that cannot be parsed is passed over, never retried forever.
        skipped.unparsable = (skipped.unparsable ?? 0) + 1;
        sink.log('warn', { uid, err: errorName(error) }, 'a mail could not be read; skipped');
      }
    }
    current = { ...current, lastUid: uids[uids.length - 1]! };
    await sink.deliver({ receipts, inbound, cursor: writeCursor(current) });
    sink.log(
      'info',
      { mails: uids.length, inbound: inbound.length, receipts: receipts.length, skipped },
      'mailbox mail handed over',
    );
  }
}

/** An ImapFlow client for the mailbox's server (not connected yet): TLS mode, private-host check, CA. */
export function createImapClient(settings: MailboxSettings): ImapFlow {
  checkHostLiteral(settings.host, settings.allowPrivateHosts);
  const lookup = lookupFor(settings.allowPrivateHosts);
  const options: ImapFlowOptions = {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.user, pass: settings.pass },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    // Spread into net/tls.connect: the private-host check on the address connected to, and a private CA.
    tls: {
      ...(lookup ? { lookup: lookup as never } : {}),
      ...(settings.ca ? { ca: [...rootCertificates, settings.ca] } : {}),
    },
  } as ImapFlowOptions;
  return new ImapFlow(options);
}

function readCursor(value: string | null): Cursor | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { m?: unknown; v?: unknown; u?: unknown; t?: unknown };
    if (typeof parsed.m !== 'string' || typeof parsed.v !== 'string' || typeof parsed.u !== 'number')
      return null;
    const at = typeof parsed.t === 'number' ? parsed.t : undefined;
    return { mailbox: parsed.m, uidValidity: parsed.v, lastUid: parsed.u, at };
  } catch {
    return null;
  }
}

function writeCursor(cursor: Cursor): string {
  return JSON.stringify({ m: cursor.mailbox, v: cursor.uidValidity, u: cursor.lastUid, t: Date.now() });
}

/**
 * Why the channel itself cannot work as configured (the session stops, the channel goes to
 * `error`), or undefined for a fault that a reconnect may cure.
 */
function channelFault(error: unknown): string | undefined {
  if (error instanceof MailboxFault) return error.message;
  if (isAuthFailure(error))
    return 'IMAP: authentication failed: the server refused the user name or password';
  if (error instanceof PrivateHostError || (error as { code?: string })?.code === 'ERR_PRIVATE_HOST') {
    return 'IMAP: the server resolves to a private address, which PROVIDER_PRIVATE_HOSTS does not allow';
  }
  if (isCertificateFailure(error)) {
    return "IMAP: the server's TLS certificate is not trusted (set config.tls_ca for a private CA)";
  }
  return undefined;
}

function isCertificateFailure(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    typeof code === 'string' &&
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID/.test(code)
  );
}

/** True when the server says the mailbox does not exist (RFC 5530 NONEXISTENT). */
export function isMissingMailbox(error: unknown): boolean {
  const e = error as { mailboxMissing?: boolean; code?: string; serverResponseCode?: string } | undefined;
  return e?.mailboxMissing === true || e?.code === 'NotFound' || e?.serverResponseCode === 'NONEXISTENT';
}

// RFC 5530 response codes of a refused LOGIN that a retry may cure (the server's auth backend is
// down, too many sessions): the credentials may be fine.
const TRANSIENT_LOGIN_CODES = new Set(['UNAVAILABLE', 'SERVERBUG', 'LIMIT', 'INUSE', 'CONTACTADMIN']);

/** True for a login the server refused over the credentials, not a connection or a server that failed. */
export function isAuthFailure(error: unknown): boolean {
  const e = error as { authenticationFailed?: boolean; serverResponseCode?: string } | undefined;
  const code = e?.serverResponseCode?.toUpperCase();
  if (code && TRANSIENT_LOGIN_CODES.has(code)) return false;
  return e?.authenticationFailed === true || code === 'AUTHENTICATIONFAILED';
}

function backoff(failures: number, t: MailboxTiming): number {
  const ceiling = Math.min(t.reconnectMaxMs, t.reconnectMinMs * 2 ** Math.min(failures, 20));
  // Full jitter: many channels of one server that dropped them all do not come back in step.
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string } | undefined;
  return `IMAP: the connection to the server failed (${e?.code ?? errorName(error)}); reconnecting`;
}

function errorName(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | undefined;
  return typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'error';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
