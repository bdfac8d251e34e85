import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, PDU, type PduFields, type Server, type Session } from 'smpp';
import type { ChannelView, Fault, ProviderPeer, ReceivedSend, WebhookCall } from './peer.js';

/**
 * An SMSC on loopback, on the `smpp` package's server, playing SMPP 3.4 as the specification
 * describes it (its own PDU handling, not the adapter's):
 * - binds (`bind_transceiver`, `bind_transmitter`, `bind_receiver`) checked against system_id and
 *   password (ESME_RINVSYSID / ESME_RINVPASWD), at most `maxBinds` at once (ESME_RBINDFAIL);
 * - `submit_sm` answered with `submit_sm_resp` and a message id (hex or decimal as asked), or a
 *   command_status fault; parts of a long message (UDH IE 0x00 / 0x08, sar_* TLVs, message_payload)
 *   reassembled with the package's own decoding (GSM 03.38 for data_coding 0, UCS-2 for 8);
 * - `enquire_link`, `unbind`; `deliver_sm` receipts (`id:... stat:...` text plus
 *   receipted_message_id / message_state TLVs) and mobile-originated messages pushed to a bound
 *   receiver or transceiver, waiting for the deliver_sm_resp.
 */
export class SmppPeer implements ProviderPeer {
  readonly provider = 'smpp' as const;
  static readonly supports = {
    send: true,
    // Receipts and inbound travel over the session, not by webhook: SMPP tests of their own cover them.
    receipts: false,
    read: false,
    webhooks: false,
    faults: ['invalid_address', 'server_error', 'reset', 'hang', 'bad_credentials'],
  } as const;
  readonly supports = SmppPeer.supports;
  readonly systemId = `t${randomBytes(4).toString('hex')}`;
  readonly password = randomBytes(4).toString('hex');
  readonly sent: ReceivedSend[] = [];
  /** Every submit_sm received, answered or not, in order. */
  readonly submits: { pdu: PDU; id: string | undefined; at: number; answered: boolean }[] = [];
  /** Binds accepted, with the fields the ESME sent. */
  readonly binds: { role: string; systemType: string; interfaceVersion: number; session: Session }[] = [];
  readonly unbinds: string[] = [];
  requests = 0;
  connections = 0;
  /** submit_sm received and not answered yet, now and at most. */
  outstanding = 0;
  maxOutstanding = 0;
  /** Answer delay for every submit_sm. */
  answerDelayMs = 0;
  /** Ids in submit_sm_resp: opaque, hexadecimal or decimal numbers. */
  idFormat: 'string' | 'hex' | 'decimal' = 'string';
  maxBinds = Number.POSITIVE_INFINITY;
  /** When set, every bind is refused with this command_status (an SMSC in trouble: 0x08 ESME_RSYSERR). */
  bindRefusal: number | undefined;
  /** The most binds held at once. */
  maxBound = 0;
  private nextId = 0x3a000000;
  private faults: { fault: Fault | { kind: 'throttled_smpp' }; left: number }[] = [];
  private hook: ((send: ReceivedSend) => Promise<void>) | undefined;
  private onSubmit: ((count: number, session: Session) => void) | undefined;
  private readonly bound = new Map<Session, string>();
  private readonly partials = new Map<
    string,
    { parts: Map<number, { text: string; id: string }>; total: number }
  >();
  private readonly server: Server;
  port = 0;

  private constructor(tls?: { key: string; cert: string }) {
    this.server = createServer(tls ?? {}, (session) => this.accept(session));
    this.server.on(tls ? 'secureConnection' : 'connection', () => {
      this.connections += 1;
    });
  }

  /** `tls`: a key and certificate to serve SMPP over TLS with. */
  static async start(tls?: { key: string; cert: string }): Promise<SmppPeer> {
    const peer = new SmppPeer(tls);
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    peer.port = (peer.server.address() as AddressInfo).port;
    return peer;
  }

  channelBody(config: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: 'SMSC',
      channel_type: 'smpp',
      credentials: {
        host: '127.0.0.1',
        port: this.port,
        system_id: this.systemId,
        password: this.password,
        system_type: 'turumba',
      },
      config: {
        source_addr: 'Turumba',
        window_size: 10,
        response_timeout_ms: 1_000,
        reconnect_min_ms: 100,
        reconnect_max_ms: 1_000,
        enquire_link_seconds: 5,
        throttle_pause_ms: 200,
        ...config,
      },
    };
  }

  recipient(n: number): string {
    return `+2557120${String(n).padStart(5, '0')}`;
  }

  sender(n: number): string {
    return `+2557340${String(n).padStart(5, '0')}`;
  }

  failNext(fault: Fault | { kind: 'throttled_smpp' }, times = 1): void {
    this.faults.push({ fault, left: times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  beforeAnswer(hook: ((send: ReceivedSend) => Promise<void>) | undefined): void {
    this.hook = hook;
  }

  /** Called with the running count of submit_sm received (to drop a connection mid-window). */
  onEachSubmit(hook: ((count: number, session: Session) => void) | undefined): void {
    this.onSubmit = hook;
  }

  /** Sessions bound now, by role. */
  boundCount(): number {
    return this.bound.size;
  }

  /** Drops every connection (a network fault, an SMSC restart). */
  dropAll(): void {
    for (const session of this.bound.keys()) session.socket.destroy();
  }

  /** Sends a deliver_sm to a bound receiver or transceiver; resolves with the deliver_sm_resp status. */
  deliver(fields: PduFields): Promise<number> {
    const receivers = [...this.bound.entries()].filter(([, role]) => role !== 'transmitter');
    const target = receivers[Math.floor(Math.random() * receivers.length)]?.[0];
    if (!target) return Promise.reject(new Error('no bound receiver'));
    return new Promise((resolve) => {
      target.send(new PDU('deliver_sm', fields), (resp) => resolve(resp.command_status));
    });
  }

  /**
   * A delivery receipt for a message id (as the adapter recorded it), in SMPP 3.4 Appendix B text
   * and, unless `tlvs` is false, receipted_message_id / message_state (§5.3.2.12, §5.3.2.35).
   */
  receiptFor(
    id: string,
    stat: 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD' | 'ACCEPTD',
    options: { textId?: string; tlvs?: boolean; err?: string } = {},
  ): Promise<number> {
    const states = { DELIVRD: 2, EXPIRED: 3, UNDELIV: 5, ACCEPTD: 6, REJECTD: 8 } as const;
    const text =
      `id:${options.textId ?? id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} ` +
      `submit date:2601011200 done date:2601011201 stat:${stat} err:${options.err ?? '000'} text:`;
    return this.deliver({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '255712000001',
      dest_addr_ton: 5,
      destination_addr: 'Turumba',
      esm_class: 0x04,
      data_coding: 0,
      short_message: Buffer.from(text, 'ascii'),
      ...(options.tlvs === false ? {} : { receipted_message_id: id, message_state: states[stat] }),
    });
  }

  /** A mobile-originated message: GSM 03.38 (data_coding 0, unpacked) when it fits, else UCS-2. */
  async mobileOriginated(message: {
    from: string;
    text: string;
    to?: string;
    parts?: number;
    ucs2?: boolean;
    reference?: number;
  }): Promise<number[]> {
    const ucs2 = message.ucs2 ?? !isGsm(message.text);
    const units = ucs2
      ? splitUnits(message.text, message.parts ?? 1)
      : splitUnits(message.text, message.parts ?? 1);
    const statuses: number[] = [];
    const reference = message.reference ?? Math.floor(Math.random() * 256);
    for (const [i, piece] of units.entries()) {
      const body = ucs2 ? Buffer.from(piece, 'utf16le').swap16() : gsmBytes(piece);
      const udh = units.length > 1 ? Buffer.from([0x05, 0x00, 0x03, reference, units.length, i + 1]) : null;
      statuses.push(
        await this.deliver({
          source_addr_ton: 1,
          source_addr_npi: 1,
          source_addr: message.from.replace(/^\+/, ''),
          dest_addr_ton: 0,
          dest_addr_npi: 1,
          destination_addr: message.to ?? '15550001',
          esm_class: udh ? 0x40 : 0,
          data_coding: ucs2 ? 8 : 0,
          short_message: udh ? Buffer.concat([udh, body]) : body,
        }),
      );
    }
    return statuses;
  }

  receipt(): WebhookCall {
    throw new Error('SMPP receipts arrive as deliver_sm, not by webhook');
  }

  unknownReceipt(): WebhookCall {
    throw new Error('SMPP receipts arrive as deliver_sm, not by webhook');
  }

  inbound(_channel: ChannelView): WebhookCall {
    throw new Error('SMPP inbound messages arrive as deliver_sm, not by webhook');
  }

  malformedInbound(): WebhookCall {
    throw new Error('SMPP has no webhooks');
  }

  forge(call: WebhookCall): WebhookCall {
    return call;
  }

  async close(): Promise<void> {
    for (const session of this.server.sessions) session.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(): Fault | { kind: 'throttled_smpp' } | undefined {
    const first = this.faults[0];
    if (!first) return undefined;
    first.left -= 1;
    if (first.left <= 0) this.faults.shift();
    return first.fault;
  }

  private accept(session: Session): void {
    session.on('error', () => {});
    session.on('close', () => this.bound.delete(session));
    for (const role of ['transceiver', 'transmitter', 'receiver']) {
      session.on(`bind_${role}`, (pdu: PDU) => this.bind(session, role, pdu));
    }
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      this.unbinds.push(this.bound.get(session) ?? 'unbound');
      this.bound.delete(session);
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: PDU) => void this.submit(session, pdu));
  }

  private bind(session: Session, role: string, pdu: PDU): void {
    this.requests += 1;
    const refuse = (status: number) => {
      session.send(pdu.response({ command_status: status }));
      setTimeout(() => session.close(), 10);
    };
    const fault = this.faults[0]?.fault.kind === 'bad_credentials' ? this.takeFault() : undefined;
    const refusal =
      this.bindRefusal !== undefined
        ? this.bindRefusal
        : pdu.system_id !== this.systemId
          ? 0x0f
          : fault || pdu.password !== this.password
            ? 0x0e
            : this.bound.size >= this.maxBinds
              ? 0x0d
              : 0;
    if (refusal !== 0) {
      refuse(refusal);
      return;
    }
    this.bound.set(session, role);
    this.maxBound = Math.max(this.maxBound, this.bound.size);
    this.binds.push({
      role,
      systemType: String(pdu.system_type ?? ''),
      interfaceVersion: Number(pdu.interface_version),
      session,
    });
    session.send(pdu.response({ system_id: 'PEERSMSC' }));
  }

  private async submit(session: Session, pdu: PDU): Promise<void> {
    this.requests += 1;
    const entry = { pdu, id: undefined as string | undefined, at: Date.now(), answered: false };
    this.submits.push(entry);
    this.outstanding += 1;
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
    this.onSubmit?.(this.submits.length, session);
    if (!this.bound.has(session) || this.bound.get(session) === 'receiver') {
      this.outstanding -= 1;
      session.send(pdu.response({ command_status: 0x04 }));
      return;
    }
    const fault = this.faults[0]?.fault.kind === 'bad_credentials' ? undefined : this.takeFault();
    if (fault?.kind === 'reset') {
      this.outstanding -= 1;
      session.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return;
    const status =
      fault?.kind === 'invalid_address'
        ? 0x0b
        : fault?.kind === 'server_error'
          ? 0x08
          : fault?.kind === 'throttled' || fault?.kind === 'throttled_smpp'
            ? 0x58
            : 0;
    if (this.answerDelayMs > 0) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    if (status !== 0) {
      this.outstanding -= 1;
      session.send(pdu.response({ command_status: status }));
      return;
    }
    const value = this.nextId++;
    const id =
      this.idFormat === 'hex'
        ? value.toString(16).toUpperCase().padStart(10, '0')
        : this.idFormat === 'decimal'
          ? String(value)
          : `smsc-${value.toString(36)}`;
    entry.id = id;
    const complete = this.collect(pdu, id);
    if (complete && this.hook) await this.hook(complete);
    this.outstanding -= 1;
    // An SMSC that took the message but lost the connection before answering: the ESME cannot know.
    if (session.socket.writable) entry.answered = session.send(pdu.response({ message_id: id }));
  }

  /** Files a part under its concatenation reference; returns the message once every part is in. */
  private collect(pdu: PDU, id: string): ReceivedSend | undefined {
    const short = pdu.short_message as { message?: string; udh?: Buffer[] } | undefined;
    const payload = pdu.message_payload as { message?: string } | undefined;
    const text = short?.message ? short.message : (payload?.message ?? '');
    let concat: { ref: number; total: number; seq: number } | undefined;
    for (const ie of short?.udh ?? []) {
      if (ie[0] === 0x00) concat = { ref: ie[2]!, total: ie[3]!, seq: ie[4]! };
      if (ie[0] === 0x08) concat = { ref: ie.readUInt16BE(2), total: ie[4]!, seq: ie[5]! };
    }
    if (!concat && typeof pdu.sar_msg_ref_num === 'number') {
      concat = {
        ref: pdu.sar_msg_ref_num,
        total: Number(pdu.sar_total_segments),
        seq: Number(pdu.sar_segment_seqnum),
      };
    }
    const to = `+${String(pdu.destination_addr)}`;
    const fields = {
      data_coding: pdu.data_coding,
      esm_class: pdu.esm_class,
      source_addr: pdu.source_addr,
      source_addr_ton: pdu.source_addr_ton,
      source_addr_npi: pdu.source_addr_npi,
      dest_addr_ton: pdu.dest_addr_ton,
      dest_addr_npi: pdu.dest_addr_npi,
      registered_delivery: pdu.registered_delivery,
      udh: short?.udh?.map((b) => b.toString('hex')),
      payload: payload !== undefined,
    };
    if (!concat || concat.total <= 1) {
      const send = {
        to,
        body: text,
        providerMessageId: id,
        at: Date.now(),
        fields: { ...fields, parts: [id] },
      };
      this.sent.push(send);
      return send;
    }
    const key = `${to}/${concat.ref}/${concat.total}`;
    const entry = this.partials.get(key) ?? { parts: new Map(), total: concat.total };
    entry.parts.set(concat.seq, { text, id });
    this.partials.set(key, entry);
    if (entry.parts.size < entry.total) return undefined;
    this.partials.delete(key);
    const ordered = [...entry.parts.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
    const send = {
      to,
      body: ordered.map((p) => p.text).join(''),
      providerMessageId: ordered[0]!.id,
      at: Date.now(),
      fields: { ...fields, parts: ordered.map((p) => p.id), reference: concat.ref },
    };
    this.sent.push(send);
    return send;
  }
}

// The peer's own GSM 03.38 table (3GPP TS 23.038 §6.2.1): index = septet; extension via 0x1B.
const GSM =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXT: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};

function isGsm(text: string): boolean {
  return [...text].every((ch) => (GSM.includes(ch) && ch !== '\u001b') || ch in GSM_EXT);
}

function gsmBytes(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    if (ch in GSM_EXT) out.push(0x1b, GSM_EXT[ch]!);
    else out.push(GSM.indexOf(ch));
  }
  return Buffer.from(out);
}

/** `count` pieces of about equal length, cut between UTF-16 code units (a surrogate pair may be cut, as handsets do). */
function splitUnits(text: string, count: number): string[] {
  const size = Math.ceil(text.length / count);
  return Array.from({ length: count }, (_, i) => text.slice(i * size, (i + 1) * size)).filter(
    (p) => p !== '',
  );
}
