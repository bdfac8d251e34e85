import { createHash, randomUUID } from 'node:crypto';
import type { PduFields } from 'smpp';
import { ProviderError } from '../../src/errors.js';
import type { ProviderContext, SessionStore } from '../definition.js';
import { providerError } from '../errors.js';
import type { ChannelProvider, OutboundMessage, SendResult, VerifyResult } from '../types.js';
import { type BindRole, type BindSettings, SmppBind } from './bind.js';
import {
  type Concatenation,
  concatenationFromUdh,
  deliverKind,
  moText,
  normalizeId,
  parseReceipt,
} from './deliver.js';
import { encodeMessage } from './encoding.js';
import type { SmppConfig, SmppCredentials } from './index.js';

// A send gives up what it could not write within this (the send path's own deadline is 30 s, and a
// submit must never be written after the platform stopped waiting for it).
const SEND_BUDGET_MS = 25_000;
// Leases are renewed well within their life; a dead process's lease frees itself after LEASE_TTL_MS.
const LEASE_TTL_MS = 30_000;
const LEASE_RENEW_MS = 10_000;
// A process without a lease asks again this often (plus jitter).
const LEASE_RETRY_MS = 5_000;
// Parts of a multi-part MO wait this long for the others.
const MO_PARTS_TTL_MS = 30 * 60_000;
const ESME_RX_T_APPN = 0x64;

type Context = ProviderContext<SmppCredentials, SmppConfig>;

/**
 * The SMPP 3.4 adapter of one channel. In a worker process that keeps sessions (`context.session`),
 * it holds the channel's binds from creation to `close()`: a transceiver, or a transmitter and a
 * receiver, behind a lease in Redis when `max_binds` caps the cluster; receipts and mobile-originated
 * messages arriving on them go through the platform's inbox. Elsewhere (verify) it binds only when
 * asked, as a transmitter, which receives nothing.
 */
export function createSmppProvider(context: Context): ChannelProvider {
  return new SmppProvider(context);
}

class SmppProvider implements ChannelProvider {
  /**
   * What this adapter's settings are, in the names of its leases: a verify after new credentials
   * counts only the binds made with them (those of the old ones live until the keeper replaces them).
   */
  private readonly settingsTag: string;
  private readonly holder: string;
  private readonly config: SmppConfig;
  private readonly store: SessionStore | undefined;
  private readonly keep: boolean;
  private tx: SmppBind | undefined;
  private rx: SmppBind | undefined;
  private leased = false;
  private closed = false;
  private leaseTimer: NodeJS.Timeout | undefined;
  private up = false;
  /** A batch's submits go to the bind at once: its window decides how many await a response. */
  readonly sendConcurrency = Number.POSITIVE_INFINITY;

  constructor(private readonly context: Context) {
    this.settingsTag = createHash('sha256')
      .update(JSON.stringify([context.credentials, context.config]))
      .digest('hex')
      .slice(0, 16);
    this.holder = `${this.settingsTag}.${randomUUID()}`;
    this.config = context.config;
    this.store = context.sessionStore;
    this.keep = context.session !== undefined;
    if (this.keep) void this.takeLease();
  }

  async send(msg: OutboundMessage): Promise<SendResult> {
    if (this.closed) throw providerError('provider_connection_failed', 'SMPP: the session is closed');
    const tx = this.transmitter();
    if (!tx) {
      throw providerError(
        'session_unavailable',
        `SMPP: every bind this channel may open (max_binds ${this.config.max_binds}) is held by another worker process`,
      );
    }
    const deadline = Date.now() + SEND_BUDGET_MS;
    const parts = encodeMessage(msg.body, reference(msg.messageId), {
      longMessages: this.config.long_messages,
      referenceBits: this.config.udh_reference_bits,
      gsmPacking: this.config.gsm_packing,
    });
    const source = this.sourceAddress(msg.from);
    const submit = (part: (typeof parts)[number]) =>
      tx.submit(
        {
          service_type: this.config.service_type,
          ...source,
          dest_addr_ton: this.config.dest_addr_ton,
          dest_addr_npi: this.config.dest_addr_npi,
          destination_addr: msg.to.startsWith('+') ? msg.to.slice(1) : msg.to,
          esm_class: part.esmClass,
          registered_delivery: this.config.receipts ? 1 : 0,
          data_coding: part.dataCoding,
          short_message: part.shortMessage,
          ...part.tlvs,
        },
        deadline,
      );
    let ids: string[];
    if (parts.length === 1) {
      // One part, the common case: no settling of a list.
      let id: string;
      try {
        id = await submit(parts[0]!);
      } catch (error) {
        throw asProviderError(error);
      }
      ids = [normalizeId(id, this.config.submit_id_format)];
    } else {
      const results = await Promise.allSettled(parts.map(submit));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw asProviderError(failed.reason);
      ids = results.map((r) =>
        normalizeId((r as PromiseFulfilledResult<string>).value, this.config.submit_id_format),
      );
    }
    if (ids.some((id) => id === '')) {
      throw providerError('provider_bad_response', 'SMPP: the SMSC accepted a part without a message id');
    }
    return {
      providerMessageId: ids[0]!,
      segments: parts[0]!.segments ?? parts.length,
      ...(ids.length > 1 ? { parts: ids } : {}),
    };
  }

  /**
   * Binds (as a transmitter: an SMSC delivers nothing to one, so no receipt is taken from the
   * sessions) and unbinds. When `max_binds` are all held by the workers' sessions, opening another
   * would exceed what the SMSC allows: a session that is up with the same settings answers for the
   * credentials instead.
   */
  async verify(): Promise<VerifyResult> {
    const holder = `verify-${this.holder}`;
    if (this.store && this.config.max_binds) {
      const leased = await this.store.acquire(holder, 1, this.config.max_binds, LEASE_TTL_MS);
      if (!leased) {
        const up = await this.store.markUp(holder, false, LEASE_TTL_MS, `${this.settingsTag}.`);
        if (up > 0) {
          return {
            status: 'connected',
            detail: `SMPP: all ${this.config.max_binds} binds are held by the workers and ${up} of them are bound with these settings`,
          };
        }
        return {
          status: 'disconnected',
          errorMessage:
            'SMPP: every bind the channel may open is held by a worker, and none is bound with these settings yet',
        };
      }
    }
    const bind = new SmppBind(this.bindSettings('transmitter'), {
      onState: () => {},
      onThrottled: () => {},
      onDeliver: async () => ESME_RX_T_APPN,
    });
    try {
      await bind.bindOnce();
      return { status: 'connected', detail: `SMPP: bound as ${this.context.credentials.system_id}` };
    } finally {
      await bind.close(1_000);
      if (this.store && this.config.max_binds) await this.store.release(holder);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.leaseTimer);
    await Promise.all([this.tx?.close(), this.rx?.close()]);
    // Other processes' sessions may still be up: the channel is disconnected only when none is.
    const othersUp =
      this.store && this.up ? await this.store.markUp(this.holder, false, LEASE_TTL_MS).catch(() => 0) : 0;
    if (this.store && (this.leased || this.up)) {
      await this.store.release(this.holder).catch(() => {});
    }
    if (this.up && othersUp === 0) this.context.session?.hooks.status('disconnected');
    this.up = false;
  }

  /** The bind that carries submit_sm: the session's when one is kept, else one opened on demand. */
  private transmitter(): SmppBind | undefined {
    if (this.keep) return this.leased ? this.tx : undefined;
    this.tx ??= this.newBind('transmitter');
    return this.tx;
  }

  /** Takes (then renews) this process's lease on the channel's binds, and opens them once it has it. */
  private async takeLease(): Promise<void> {
    if (this.closed) return;
    let leased = true;
    if (this.store) {
      const slots = this.config.bind_mode === 'transceiver' ? 1 : 2;
      try {
        leased = await this.store.acquire(this.holder, slots, this.config.max_binds ?? 0, LEASE_TTL_MS);
      } catch {
        // Redis unreachable: keep what we have, ask again soon.
        leased = this.leased;
      }
    }
    if (this.closed) return;
    if (leased && !this.leased) this.openBinds();
    if (!leased && this.leased) {
      // Our lease expired (a long pause, Redis lost it) and others took the slots: give the binds up.
      this.leased = false;
      const binds = [this.tx, this.rx];
      this.tx = undefined;
      this.rx = undefined;
      await Promise.all(binds.map((b) => b?.close()));
      this.markUp(false);
    }
    const next = leased ? LEASE_RENEW_MS : LEASE_RETRY_MS + Math.random() * LEASE_RETRY_MS;
    this.leaseTimer = setTimeout(() => void this.takeLease(), next);
  }

  private openBinds(): void {
    this.leased = true;
    if (this.config.bind_mode === 'transceiver') {
      this.tx = this.newBind('transceiver');
    } else {
      this.tx = this.newBind('transmitter');
      this.rx = this.newBind('receiver');
    }
    this.tx.start();
    this.rx?.start();
  }

  private newBind(role: BindRole): SmppBind {
    const hooks = this.context.session?.hooks;
    const bind: SmppBind = new SmppBind(this.bindSettings(role), {
      onState: (state, error) => {
        if (!hooks) return;
        if (state === 'refused') {
          // A refusal that says nothing about the credentials (ESME_RSYSERR, ESME_RALYBND) is an
          // outage: the bind retries by itself and the channel is not held for a verify.
          hooks.status(
            error?.retryable ? 'disconnected' : 'error',
            error?.message ?? 'SMPP: the SMSC refused the bind',
          );
          return;
        }
        this.markUp(this.allBound());
      },
      onThrottled: (pauseMs) => hooks?.throttled(pauseMs),
      onDeliver: (pdu) => this.onDeliver(pdu),
    });
    return bind;
  }

  private allBound(): boolean {
    return (this.tx?.bound ?? false) && (this.rx?.bound ?? true);
  }

  /** Reports this process's session up or down; the channel is disconnected only when no process's is up. */
  private markUp(up: boolean): void {
    const hooks = this.context.session?.hooks;
    if (!hooks || up === this.up) return;
    this.up = up;
    const count = this.store ? this.store.markUp(this.holder, up, LEASE_TTL_MS) : Promise.resolve(up ? 1 : 0);
    void count
      .catch(() => (up ? 1 : 0))
      .then((n) => {
        if (up) hooks.status('connected');
        else if (n === 0) hooks.status('disconnected');
      });
  }

  private bindSettings(role: BindRole): BindSettings {
    const { credentials, config } = this.context;
    return {
      host: credentials.host,
      port: credentials.port,
      tls: config.tls,
      tlsCa: config.tls_ca,
      systemId: credentials.system_id,
      password: credentials.password,
      systemType: credentials.system_type ?? '',
      role,
      allowPrivateHosts: this.context.allowPrivateHosts,
      windowSize: config.window_size,
      responseTimeoutMs: config.response_timeout_ms,
      enquireLinkMs: config.enquire_link_seconds * 1000,
      reconnectMinMs: config.reconnect_min_ms,
      reconnectMaxMs: config.reconnect_max_ms,
      throttlePauseMs: config.throttle_pause_ms,
    };
  }

  /**
   * source_addr and its TON/NPI: the channel's settings when given; otherwise an alphanumeric sender
   * is TON 5 (alphanumeric) / NPI 0, a `+` number TON 1 (international) / NPI 1 (E.164), and other
   * digits TON 0 / NPI 1 (SMPP 3.4 §5.2.5–6).
   */
  private sourceAddress(from: string | undefined): PduFields {
    const sender = from ?? this.config.source_addr ?? this.context.senderName ?? '';
    const alphanumeric = /[^+\d]/.test(sender);
    const ton = this.config.source_addr_ton ?? (alphanumeric ? 5 : sender.startsWith('+') ? 1 : 0);
    const npi = this.config.source_addr_npi ?? (alphanumeric ? 0 : 1);
    return {
      source_addr_ton: ton,
      source_addr_npi: npi,
      source_addr: alphanumeric ? sender : sender.replace(/^\+/, ''),
    };
  }

  /** A deliver_sm: a receipt, or a message from a handset. Resolves with the deliver_sm_resp status. */
  private async onDeliver(pdu: PduFields): Promise<number> {
    const hooks = this.context.session?.hooks;
    // Only a kept session hands what it receives to the platform; anything else asks the SMSC to retry.
    if (!hooks) return ESME_RX_T_APPN;
    const esmClass = Number(pdu.esm_class ?? 0);
    const short = pdu.short_message as { message?: unknown; udh?: Buffer[] } | undefined;
    const payload = pdu.message_payload as { message?: unknown; udh?: Buffer[] } | undefined;
    const content = short?.message !== undefined && !isEmpty(short.message) ? short : (payload ?? short);
    const dataCoding = Number(pdu.data_coding ?? 0);
    const kind = deliverKind(esmClass);
    // An SME or user acknowledgement, a conversation abort: acknowledged, nothing to store (stored as
    // an inbound message it would read as a text from the recipient).
    if (kind === 'acknowledgement') return 0;
    if (kind === 'receipt') {
      const event = parseReceipt(
        {
          text: moText(content?.message, dataCoding),
          receiptedMessageId:
            typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : undefined,
          messageState: typeof pdu.message_state === 'number' ? pdu.message_state : undefined,
          networkErrorCode: Buffer.isBuffer(pdu.network_error_code) ? pdu.network_error_code : undefined,
        },
        { receipt: this.config.receipt_id_format, submit: this.config.submit_id_format },
      );
      if (event) await hooks.receipts([event]);
      return 0;
    }
    const text = moText(content?.message, dataCoding);
    const from = address(String(pdu.source_addr ?? ''), Number(pdu.source_addr_ton ?? 0));
    const to = String(pdu.destination_addr ?? '') || undefined;
    const concatenation = concatenationFromUdh(content?.udh ?? []) ?? sarConcatenation(pdu);
    let body = text;
    if (concatenation && concatenation.total > 1) {
      if (!this.store) return ESME_RX_T_APPN;
      const parts = await this.store.collectPart(
        `mo:${from}:${to ?? ''}:${concatenation.reference}:${concatenation.total}`,
        concatenation.sequence,
        concatenation.total,
        storedPart(text),
        MO_PARTS_TTL_MS,
      );
      // Not all parts yet: this one is kept (acknowledged); the last one brings the message.
      if (!parts) return 0;
      body = joinStoredParts(parts);
    }
    await hooks.inbound([
      { providerMessageId: `smpp-mo-${randomUUID()}`, from, to, body, receivedAt: new Date() },
    ]);
    return 0;
  }
}

// A part as the store keeps it: its UTF-16 code units (base64), since an SMSC splits UCS-2 text
// wherever a part is full, between the two halves of an emoji too, and a lone half would not survive
// the store's UTF-8 (it comes back as U+FFFD). Parts stored as plain text before this are read as is.
const UTF16_PART = 'u16:';

function storedPart(text: string): string {
  return UTF16_PART + Buffer.from(text, 'utf16le').toString('base64');
}

/** The whole text of a multi-part message from its stored parts, in order. */
export function joinStoredParts(parts: string[]): string {
  if (!parts.every((p) => p.startsWith(UTF16_PART))) {
    return parts.map((p) => (p.startsWith(UTF16_PART) ? joinStoredParts([p]) : p)).join('');
  }
  return Buffer.concat(parts.map((p) => Buffer.from(p.slice(UTF16_PART.length), 'base64'))).toString(
    'utf16le',
  );
}

/** The concatenation reference of a message: derived from its id, so a retry repeats it. */
function reference(messageId: string): number {
  // The last four hex digits of the UUID (its final group has twelve, so no hyphen among them).
  return Number.parseInt(messageId.slice(-4), 16) || 1;
}

function sarConcatenation(pdu: PduFields): Concatenation | null {
  const { sar_msg_ref_num: ref, sar_total_segments: total, sar_segment_seqnum: seq } = pdu;
  if (typeof ref !== 'number' || typeof total !== 'number' || typeof seq !== 'number') return null;
  return { reference: ref, total, sequence: seq };
}

/** A handset's address: TON 1 (international) numbers in E.164 with their `+`. */
function address(raw: string, ton: number): string {
  return ton === 1 && /^\d+$/.test(raw) ? `+${raw}` : raw;
}

function isEmpty(message: unknown): boolean {
  return (typeof message === 'string' || Buffer.isBuffer(message)) && message.length === 0;
}

function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return providerError('provider_connection_failed', 'SMPP: the session failed unexpectedly');
}
