import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { PDU, type PduFields } from 'smpp';
import type { ProviderError } from '../../src/errors.js';
import { providerError } from '../errors.js';
import { guardedLookup, isPrivateAddress } from '../http/private-hosts.js';
import { isThrottleStatus, smppStatusError } from './errors.js';
import { type Answer, SmppWire, type WireOptions } from './wire.js';

export type BindRole = 'transceiver' | 'transmitter' | 'receiver';

export type BindSettings = {
  host: string;
  port: number;
  tls: boolean;
  /** PEM certificates trusted for the SMSC besides the system's (a private CA, a self-signed SMSC). */
  tlsCa: string | undefined;
  systemId: string;
  password: string;
  systemType: string;
  role: BindRole;
  allowPrivateHosts: boolean;
  /** submit_sm written and not yet answered, at most. */
  windowSize: number;
  /** How long a submit_sm (or enquire_link, or the bind) may wait for its answer. */
  responseTimeoutMs: number;
  enquireLinkMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** The first pause after a throttling reply; doubled while the SMSC keeps throttling. */
  throttlePauseMs: number;
};

export type BindEvents = {
  /** Bound; lost after being bound; refused by the SMSC (or the host is not allowed). */
  onState(state: 'bound' | 'lost' | 'refused', error?: ProviderError): void;
  onThrottled(pauseMs: number): void;
  /** Handles a deliver_sm (its fields); resolves with the command_status of its deliver_sm_resp. */
  onDeliver(pdu: PduFields): Promise<number>;
};

type Pending = {
  fields: PduFields;
  deadline: number;
  resolve: (messageId: string) => void;
  reject: (error: ProviderError) => void;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
};

// SMPP 3.4 (§5.2.4): the package's default interface_version is 0x50 (SMPP 5.0).
const INTERFACE_VERSION = 0x34;
const MAX_THROTTLE_PAUSE_MS = 30_000;
// A send may ask a bind waiting out its backoff to try again now, at most this often.
const KICK_EVERY_MS = 1_000;
const ESME_RX_T_APPN = 0x64;

/**
 * One SMPP bind (a TCP or TLS connection bound as transceiver, transmitter or receiver): a window of
 * at most `windowSize` submit_sm in flight, matched to their submit_sm_resp by sequence number, each
 * with a response timeout; enquire_link keep-alive; deliver_sm answered once handled; reconnection
 * with exponential backoff and jitter while `start()`ed. A throttling reply (ESME_RTHROTTLED,
 * ESME_RMSGQFUL) pauses the whole bind and puts the PDU back at the head of the queue: it is sent
 * again after the pause, never dropped, as long as its send's deadline allows. A dropped connection
 * fails the submits in flight (they may have been accepted: the platform retries them) and keeps
 * the queued ones (never written) for the next bind.
 */
export class SmppBind {
  private session: SmppWire | undefined;
  private state: 'idle' | 'connecting' | 'bound' | 'waiting' | 'closed' = 'idle';
  private keep = false;
  private refused: ProviderError | undefined;
  private lastError: ProviderError | undefined;
  private readonly queue: Pending[] = [];
  private readonly inflight = new Map<number, Pending>();
  private failures = 0;
  private lastKick = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private enquireTimer: NodeJS.Timeout | undefined;
  private pauseTimer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;
  private throttleStreak = 0;
  private waiters: { resolve: () => void; reject: (e: ProviderError) => void }[] = [];

  constructor(
    private readonly settings: BindSettings,
    private readonly events: BindEvents,
  ) {}

  get bound(): boolean {
    return this.state === 'bound';
  }

  /** Submits written and not answered yet (never more than the window). */
  get outstanding(): number {
    return this.inflight.size;
  }

  /** Keeps the bind up from now on: connects, and again after every loss or refusal, with backoff. */
  start(): void {
    this.keep = true;
    if (this.state === 'idle') this.connect();
  }

  /** Connects and binds once; rejects with the SMSC's refusal or the connection failure. */
  bindOnce(): Promise<void> {
    if (this.state === 'bound') return Promise.resolve();
    const waiting = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.state === 'idle' || this.state === 'waiting') {
      clearTimeout(this.reconnectTimer);
      this.connect();
    }
    return waiting;
  }

  /** A bind waiting out its backoff (refused or lost) tries again now: a send wants it. */
  kick(): void {
    if (this.state !== 'waiting' || Date.now() - this.lastKick < KICK_EVERY_MS) return;
    this.lastKick = Date.now();
    clearTimeout(this.reconnectTimer);
    this.connect();
  }

  /** Queues a submit_sm; resolves with the SMSC's message id, rejects with a ProviderError. */
  submit(fields: PduFields, deadline: number): Promise<string> {
    if (this.state === 'closed') {
      return Promise.reject(providerError('provider_connection_failed', 'SMPP: the session is closed'));
    }
    return new Promise<string>((resolve, reject) => {
      const item: Pending = { fields, deadline, resolve, reject, timer: undefined, settled: false };
      this.queue.push(item);
      this.armDeadline(item);
      if (this.state === 'idle') this.connect();
      else this.kick();
      this.pump();
    });
  }

  /**
   * Ends the bind: queued submits (never written) fail as not sent, the ones in flight get up to
   * `graceMs` to be answered, then unbind and close.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.keep = false;
    clearTimeout(this.reconnectTimer);
    for (const item of this.queue.splice(0)) {
      this.settle(
        item,
        providerError('provider_connection_failed', 'SMPP: the session closed before sending'),
      );
    }
    const until = Date.now() + graceMs;
    while (this.inflight.size > 0 && Date.now() < until && this.state === 'bound') {
      await new Promise((r) => setTimeout(r, 20));
    }
    const session = this.session;
    const wasBound = this.state === 'bound';
    this.state = 'closed';
    this.stopTimers();
    if (!session) return;
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => session.destroy(), 1_000);
      session.once('close', () => {
        clearTimeout(done);
        resolve();
      });
      if (wasBound && session.send(new PDU('unbind'), () => session.close())) return;
      session.destroy();
    });
  }

  private connect(): void {
    this.state = 'connecting';
    this.refused = undefined;
    const hostRefusal = this.hostRefusal();
    if (hostRefusal) {
      this.refused = hostRefusal;
      this.afterClose(false);
      return;
    }
    const { host, port, tls } = this.settings;
    const options: WireOptions = { host, port, tls };
    if (tls && !isIP(host)) options.servername = host;
    if (tls && this.settings.tlsCa) options.ca = [...rootCertificates, this.settings.tlsCa];
    // A host name is checked on the address it resolves to, at every connect (DNS rebinding).
    if (!this.settings.allowPrivateHosts) options.lookup = guardedLookup;
    let session: SmppWire;
    try {
      session = new SmppWire(options);
    } catch (error) {
      this.lastError = providerError(
        'provider_connection_failed',
        `SMPP: cannot connect (${(error as Error).name})`,
      );
      this.afterClose(false);
      return;
    }
    this.session = session;
    // Connect and bind answer within the response timeout, or the attempt is given up.
    const bindTimer = setTimeout(() => {
      this.lastError = providerError('provider_timeout', 'SMPP: the SMSC did not answer the bind in time');
      session.destroy();
    }, this.settings.responseTimeoutMs);
    session.on(tls ? 'secureConnect' : 'connect', () => {
      // Small PDUs, each waited for by a window slot: without this, Nagle's algorithm holds a
      // submit_sm (or a deliver_sm_resp) until the SMSC acknowledges the previous write.
      session.socket.setNoDelay(true);
      const bind = new PDU(`bind_${this.settings.role}`, {
        system_id: this.settings.systemId,
        password: this.settings.password,
        system_type: this.settings.systemType,
        interface_version: INTERFACE_VERSION,
        addr_ton: 0,
        addr_npi: 0,
        address_range: '',
      });
      session.send(bind, (resp) => {
        clearTimeout(bindTimer);
        if (session !== this.session) return;
        if (resp.command_status === 0) {
          this.onBound(session);
          return;
        }
        this.refused = smppStatusError(resp.command_status);
        session.destroy();
      });
    });
    session.on('pdu', (pdu: PDU) => this.onPdu(session, pdu));
    session.on('receipt', (fields: PduFields) => this.onDeliver(session, fields));
    session.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_PRIVATE_HOST') {
        this.refused = providerError(
          'host_not_allowed',
          'SMPP: the SMSC host resolves to a private address and PROVIDER_PRIVATE_HOSTS is off',
        );
      } else if (!this.lastError) {
        this.lastError = providerError(
          'provider_connection_failed',
          `SMPP: connection to the SMSC failed (${error.code ?? error.name})`,
        );
      }
    });
    session.on('close', () => {
      clearTimeout(bindTimer);
      if (session !== this.session) return;
      this.session = undefined;
      this.afterClose(this.state === 'bound');
    });
  }

  private onBound(session: SmppWire): void {
    this.state = 'bound';
    this.failures = 0;
    this.lastError = undefined;
    this.events.onState('bound');
    for (const w of this.waiters.splice(0)) w.resolve();
    clearInterval(this.enquireTimer);
    this.enquireTimer = setInterval(() => this.enquireLink(session), this.settings.enquireLinkMs);
    this.pump();
  }

  /** After a connection ends (or never started): fail what was in flight, report, and reconnect later. */
  private afterClose(wasBound: boolean): void {
    this.stopTimers();
    for (const [seq, item] of this.inflight) {
      this.inflight.delete(seq);
      this.settle(
        item,
        providerError(
          'provider_connection_failed',
          'SMPP: the connection to the SMSC dropped before the SMSC answered (the message may have been accepted)',
        ),
      );
    }
    if (this.state === 'closed') return;
    const refused = this.refused;
    const failure =
      refused ??
      this.lastError ??
      providerError('provider_connection_failed', 'SMPP: the SMSC closed the connection');
    this.lastError = undefined;
    if (wasBound) this.events.onState('lost', failure);
    if (refused) {
      this.events.onState('refused', refused);
      // Nothing queued can go out on a refused bind: let the platform stop the channel now.
      for (const item of this.queue.splice(0)) this.settle(item, refused);
    }
    for (const w of this.waiters.splice(0)) w.reject(failure);
    if (!this.keep && this.queue.length === 0) {
      this.state = 'idle';
      return;
    }
    this.state = 'waiting';
    const base = Math.min(this.settings.reconnectMaxMs, this.settings.reconnectMinMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    // Equal jitter: binds of many processes dropped together do not come back together.
    const delay = base / 2 + Math.random() * (base / 2);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private stopTimers(): void {
    clearInterval(this.enquireTimer);
    clearTimeout(this.pauseTimer);
    this.enquireTimer = undefined;
  }

  private enquireLink(session: SmppWire): void {
    if (this.state !== 'bound' || session !== this.session) return;
    const timer = setTimeout(() => {
      this.lastError = providerError('provider_timeout', 'SMPP: the SMSC stopped answering enquire_link');
      session.destroy();
    }, this.settings.responseTimeoutMs);
    if (!session.send(new PDU('enquire_link'), () => clearTimeout(timer))) clearTimeout(timer);
  }

  private onPdu(session: SmppWire, pdu: PDU): void {
    if (pdu.isResponse()) return;
    const answer = (options: PduFields = {}) => {
      try {
        session.send(pdu.response(options));
      } catch {
        // A command with no response PDU (alert_notification): nothing to answer.
      }
    };
    switch (pdu.command) {
      case 'deliver_sm':
        this.onDeliver(session, pdu);
        return;
      case 'enquire_link':
        answer();
        return;
      case 'unbind':
        answer();
        session.close();
        return;
      case 'alert_notification':
        return;
      default:
        answer({ command_status: 0x03 });
    }
  }

  /** A deliver_sm handed to the platform, answered with what it made of it. */
  private onDeliver(session: SmppWire, fields: PduFields): void {
    const sequence = fields.sequence_number as number;
    this.events
      .onDeliver(fields)
      .catch(() => ESME_RX_T_APPN)
      .then((status) => session.answerDeliver(sequence, status));
  }

  /** Writes queued submits while the bind is up, the window has room and no pause holds. */
  private pump(): void {
    const session = this.session;
    if (this.state !== 'bound' || !session) return;
    const now = Date.now();
    if (now < this.pausedUntil) {
      clearTimeout(this.pauseTimer);
      this.pauseTimer = setTimeout(() => this.pump(), this.pausedUntil - now);
      return;
    }
    // The submits written in this turn leave in one write (SmppWire).
    while (this.inflight.size < this.settings.windowSize && this.queue.length > 0) {
      const item = this.queue.shift()!;
      if (item.settled) continue;
      clearTimeout(item.timer);
      const seq = session.submit(item.fields, (resp) => this.onResponse(item, resp.sequence_number, resp));
      if (seq === undefined) {
        this.queue.unshift(item);
        this.armDeadline(item);
        return;
      }
      this.inflight.set(seq, item);
      item.timer = setTimeout(() => {
        if (this.inflight.get(seq) !== item) return;
        this.inflight.delete(seq);
        this.settle(
          item,
          providerError(
            'provider_timeout',
            `SMPP: no submit_sm_resp within ${this.settings.responseTimeoutMs} ms (the message may have been accepted)`,
          ),
        );
        this.pump();
      }, this.settings.responseTimeoutMs);
    }
  }

  private onResponse(item: Pending, seq: number, resp: Answer): void {
    if (this.inflight.get(seq) !== item) return;
    this.inflight.delete(seq);
    clearTimeout(item.timer);
    const status = resp.command_status;
    if (status === 0 && resp.command === 'submit_sm_resp') {
      this.throttleStreak = 0;
      this.settle(item, undefined, String(resp.message_id ?? ''));
    } else if (isThrottleStatus(status)) {
      this.throttled(item, status);
    } else {
      this.settle(item, smppStatusError(status === 0 ? 0x03 : status));
    }
    this.pump();
  }

  /** The SMSC said to slow down: the whole bind pauses, and the PDU goes first once it resumes. */
  private throttled(item: Pending, status: number): void {
    const now = Date.now();
    if (now >= this.pausedUntil) {
      const pause = Math.min(MAX_THROTTLE_PAUSE_MS, this.settings.throttlePauseMs * 2 ** this.throttleStreak);
      this.throttleStreak = Math.min(this.throttleStreak + 1, 20);
      this.pausedUntil = now + pause;
      this.events.onThrottled(pause);
    }
    if (this.pausedUntil < item.deadline) {
      this.queue.unshift(item);
      this.armDeadline(item);
      return;
    }
    this.settle(item, smppStatusError(status, { retryAfterMs: this.pausedUntil - now }));
  }

  /** A queued submit not written by its deadline fails without having been sent. */
  private armDeadline(item: Pending): void {
    clearTimeout(item.timer);
    item.timer = setTimeout(
      () => {
        const index = this.queue.indexOf(item);
        if (index < 0) return;
        this.queue.splice(index, 1);
        const pausedFor = this.pausedUntil - Date.now();
        this.settle(
          item,
          this.state === 'bound' && pausedFor > 0
            ? providerError('rate_limited', 'SMPP: the SMSC is throttling this channel', {
                retryAfterMs: pausedFor,
              })
            : (this.refused ??
                providerError(
                  'provider_connection_failed',
                  'SMPP: not bound to the SMSC (the message was not sent)',
                )),
        );
      },
      Math.max(0, item.deadline - Date.now()),
    );
  }

  private settle(item: Pending, error: ProviderError | undefined, messageId?: string): void {
    if (item.settled) return;
    item.settled = true;
    clearTimeout(item.timer);
    if (error) item.reject(error);
    else item.resolve(messageId ?? '');
  }

  private hostRefusal(): ProviderError | undefined {
    if (this.settings.allowPrivateHosts) return undefined;
    const host = this.settings.host.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateAddress(host))) {
      return providerError(
        'host_not_allowed',
        'SMPP: the SMSC host is a loopback or private address and PROVIDER_PRIVATE_HOSTS is off',
      );
    }
    return undefined;
  }
}
