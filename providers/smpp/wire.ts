import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { type LookupFunction, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { PDU, type PduFields } from 'smpp';

/** What a request's callback gets: the package's PDU, or the few fields of a submit_sm_resp read here. */
export type Answer = {
  command: string;
  command_status: number;
  sequence_number: number;
  message_id?: unknown;
};

export type WireOptions = {
  host: string;
  port: number;
  tls: boolean;
  servername?: string;
  ca?: string[];
  lookup?: LookupFunction;
};

const HEADER_BYTES = 16;
// The `smpp` package's own limit on a PDU's length (PDU.maxLength).
const MAX_PDU_BYTES = 16_384;
const SUBMIT_SM = 0x00000004;
const SUBMIT_SM_RESP = 0x80000004;
const DELIVER_SM = 0x00000005;
const DELIVER_SM_RESP = 0x80000005;
const MAX_SEQUENCE = 0x7fffffff;

/**
 * One SMPP connection: PDUs framed off the socket and written to it, requests matched to their
 * responses by sequence number. The broadcast's own pair — submit_sm out, submit_sm_resp back — is
 * written and read here in a few byte operations, and so are delivery receipts (deliver_sm with a
 * receipt's esm_class) and their answers; every other PDU (binds, mobile-originated deliver_sm,
 * enquire_link, unbind, their responses) is encoded and decoded by the `smpp` package. The PDUs
 * written in one turn of the event loop leave in one write.
 */
export class SmppWire extends EventEmitter {
  readonly socket: Socket;
  private sequence = 0;
  private readonly callbacks = new Map<number, (answer: Answer) => void>();
  private out: Buffer[] = [];
  private flushing = false;
  private readonly framer = new PduFramer();

  constructor(options: WireOptions) {
    super();
    const { tls, ...connection } = options;
    this.socket = tls ? tlsConnect(connection) : netConnect(connection);
    this.socket.on('connect', () => this.emit('connect'));
    this.socket.on('secureConnect', () => this.emit('secureConnect'));
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (error) => this.emit('error', error));
    this.socket.on('close', () => this.emit('close'));
  }

  /** Writes a PDU built by the package; a request's answer goes to `onAnswer`. False when the socket is gone. */
  send(pdu: PDU, onAnswer?: (answer: Answer) => void): boolean {
    if (!this.socket.writable) return false;
    if (!pdu.isResponse()) {
      pdu.sequence_number = this.nextSequence();
      if (onAnswer) this.callbacks.set(pdu.sequence_number, onAnswer);
    }
    this.queue(pdu.toBuffer());
    return true;
  }

  /** Writes a submit_sm; returns its sequence number, or undefined when the socket is gone. */
  submit(fields: PduFields, onAnswer: (answer: Answer) => void): number | undefined {
    if (!this.socket.writable) return undefined;
    const sequence = this.nextSequence();
    this.callbacks.set(sequence, onAnswer);
    this.queue(
      encodeSubmitSm(sequence, fields) ??
        new PDU('submit_sm', { ...fields, sequence_number: sequence }).toBuffer(),
    );
    return sequence;
  }

  /** Answers a deliver_sm (the package's or one read here) with `status`. */
  answerDeliver(sequence: number, status: number): void {
    if (this.socket.writable) this.queue(deliverSmResp(sequence, status));
  }

  close(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private nextSequence(): number {
    if (this.sequence === MAX_SEQUENCE) this.sequence = 0;
    return ++this.sequence;
  }

  private queue(bytes: Buffer): void {
    this.out.push(bytes);
    if (this.flushing) return;
    this.flushing = true;
    process.nextTick(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    const out = this.out;
    this.out = [];
    if (out.length === 0 || !this.socket.writable) return;
    this.socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
  }

  private read(chunk: Buffer): void {
    const { frames, error } = this.framer.push(chunk);
    for (const frame of frames) if (!this.dispatch(frame)) return;
    if (error) {
      this.emit('error', error);
      this.socket.destroy();
    }
  }

  /**
   * Hands one PDU to its callback, a receipt read here to 'receipt' listeners and the package's PDU to
   * 'pdu' listeners; false once the socket is gone.
   */
  private dispatch(frame: Buffer): boolean {
    const commandId = frame.readUInt32BE(4);
    const sequence = frame.readUInt32BE(12);
    if (commandId === SUBMIT_SM_RESP) {
      const answer: Answer = {
        command: 'submit_sm_resp',
        command_status: frame.readUInt32BE(8),
        sequence_number: sequence,
        message_id: frame.length > HEADER_BYTES ? readCString(frame, HEADER_BYTES) : undefined,
      };
      this.answer(answer);
      return !this.socket.destroyed;
    }
    if (commandId === DELIVER_SM) {
      const receipt = decodeReceipt(frame);
      if (receipt) {
        this.emit('receipt', receipt);
        return !this.socket.destroyed;
      }
    }
    let pdu: PDU;
    try {
      pdu = new PDU(frame);
    } catch (error) {
      this.emit('error', error);
      this.socket.destroy();
      return false;
    }
    this.emit('pdu', pdu);
    if (pdu.isResponse()) this.answer(pdu as unknown as Answer);
    return !this.socket.destroyed;
  }

  private answer(answer: Answer): void {
    const callback = this.callbacks.get(answer.sequence_number);
    if (!callback) return;
    this.callbacks.delete(answer.sequence_number);
    callback(answer);
  }
}

/** Splits what a socket reads into whole PDUs by their command_length, keeping a partial one for the next read. */
export class PduFramer {
  private input: Buffer | undefined;

  /** The whole PDUs read so far, and an error once a length no PDU can have arrives (stop reading then). */
  push(chunk: Buffer): { frames: Buffer[]; error?: Error } {
    const buffer = this.input ? Buffer.concat([this.input, chunk]) : chunk;
    this.input = undefined;
    const frames: Buffer[] = [];
    let offset = 0;
    while (buffer.length - offset >= HEADER_BYTES) {
      const length = buffer.readUInt32BE(offset);
      if (length < HEADER_BYTES || length > MAX_PDU_BYTES) {
        return { frames, error: new Error(`SMPP: a PDU of ${length} bytes (at most ${MAX_PDU_BYTES})`) };
      }
      if (buffer.length - offset < length) break;
      frames.push(buffer.subarray(offset, offset + length));
      offset += length;
    }
    // Keep only the unread bytes: a copy, so the chunk they came in can be freed.
    if (offset < buffer.length) this.input = offset === 0 ? buffer : Buffer.from(buffer.subarray(offset));
    return { frames };
  }
}

/**
 * submit_sm (SMPP 3.4 §4.4.1) without optional parameters, byte for byte as the `smpp` package writes
 * it: C-octet strings written one byte per UTF-16 unit (the package's 'ascii'), absent integers as 0.
 * The message id of a submit_sm_resp is read as the package reads it ('ascii').
 * Undefined for what this does not write (TLVs, a short_message that is not bytes or is over 254);
 * the package encodes those.
 */
export function encodeSubmitSm(sequence: number, fields: PduFields): Buffer | undefined {
  const message = fields.short_message;
  if (!Buffer.isBuffer(message) || message.length > 254) return undefined;
  for (const key in fields) {
    const value = fields[key];
    if (key === 'short_message' || value === undefined || value === null) continue;
    if (STRING_FIELDS.has(key) ? typeof value !== 'string' : !isOctet(value, key)) return undefined;
  }
  const service = str(fields.service_type);
  const source = str(fields.source_addr);
  const destination = str(fields.destination_addr);
  const schedule = str(fields.schedule_delivery_time);
  const validity = str(fields.validity_period);
  // The package turns a time of 12 characters or fewer into a relative one; leave those to it.
  if ((schedule.length > 0 && schedule.length <= 12) || (validity.length > 0 && validity.length <= 12)) {
    return undefined;
  }
  const strings = service.length + source.length + destination.length + schedule.length + validity.length + 5;
  const length = HEADER_BYTES + strings + 12 + message.length;
  const buffer = Buffer.allocUnsafe(length);
  buffer.writeUInt32BE(length, 0);
  buffer.writeUInt32BE(SUBMIT_SM, 4);
  buffer.writeUInt32BE(0, 8);
  buffer.writeUInt32BE(sequence, 12);
  let at = writeCString(buffer, HEADER_BYTES, service);
  buffer[at++] = int8(fields.source_addr_ton);
  buffer[at++] = int8(fields.source_addr_npi);
  at = writeCString(buffer, at, source);
  buffer[at++] = int8(fields.dest_addr_ton);
  buffer[at++] = int8(fields.dest_addr_npi);
  at = writeCString(buffer, at, destination);
  buffer[at++] = int8(fields.esm_class);
  buffer[at++] = int8(fields.protocol_id);
  buffer[at++] = int8(fields.priority_flag);
  at = writeCString(buffer, at, schedule);
  at = writeCString(buffer, at, validity);
  buffer[at++] = int8(fields.registered_delivery);
  buffer[at++] = int8(fields.replace_if_present_flag);
  buffer[at++] = int8(fields.data_coding);
  buffer[at++] = int8(fields.sm_default_msg_id);
  buffer[at++] = message.length;
  message.copy(buffer, at);
  return buffer;
}

const STRING_FIELDS = new Set([
  'service_type',
  'source_addr',
  'destination_addr',
  'schedule_delivery_time',
  'validity_period',
]);
const INTEGER_FIELDS = new Set([
  'source_addr_ton',
  'source_addr_npi',
  'dest_addr_ton',
  'dest_addr_npi',
  'esm_class',
  'protocol_id',
  'priority_flag',
  'registered_delivery',
  'replace_if_present_flag',
  'data_coding',
  'sm_default_msg_id',
]);

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** An integer parameter of submit_sm holding a value of one octet (anything else: not a submit_sm we write). */
function isOctet(value: unknown, key: string): boolean {
  return (
    INTEGER_FIELDS.has(key) && Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xff
  );
}

function int8(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function writeCString(buffer: Buffer, at: number, value: string): number {
  const written = buffer.write(value, at, 'latin1');
  buffer[at + written] = 0;
  return at + written + 1;
}

function readCString(frame: Buffer, from: number): string {
  let end = from;
  while (end < frame.length && frame[end] !== 0) end++;
  return frame.toString('ascii', from, end);
}

// The package's GSM 03.38 table (its default alphabet, data_coding 0), taken once: the package looks
// it up on every decode (an Object.keys of the table each time).
const defs = createRequire(import.meta.url)('smpp/lib/defs') as {
  encodings: { default: string };
  gsmCoder: {
    getCoder(encoding: number): {
      charListDec: Record<number, string>;
      extCharListDec: Record<string, string>;
      escChars: string;
      escCharsDec?: string;
    };
  };
};
const GSM = defs.gsmCoder.getCoder(0x00);
const GSM_ESCAPES = new RegExp(`\x1B([${GSM.escCharsDec ?? GSM.escChars}])`, 'g');

/** GSM 03.38 bytes (one septet per octet) to text, as the package decodes them. */
function decodeGsm(bytes: Buffer): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += GSM.charListDec[bytes[i]!] || ' ';
  return text.replace(GSM_ESCAPES, (_match, escaped: string) => GSM.extCharListDec[escaped]!);
}

const RECEIPTED_MESSAGE_ID = 0x001e;
const NETWORK_ERROR_CODE = 0x0423;
const MESSAGE_STATE = 0x0427;

/**
 * A delivery receipt's deliver_sm (SMPP 3.4 §4.6.1, esm_class 0x04, no UDH) decoded to the fields the
 * package would give it, for the fields a receipt is read by: the addresses, esm_class, data_coding,
 * the short message as text (data_coding 0, the SMSC default alphabet), receipted_message_id,
 * message_state and network_error_code (other TLVs are skipped). Undefined for anything else
 * (mobile-originated messages, other alphabets, times, message_payload, a malformed body): the
 * package decodes those.
 */
export function decodeReceipt(frame: Buffer): PduFields | undefined {
  if (defs.encodings.default !== 'ASCII') return undefined;
  let at = HEADER_BYTES;
  const nextCString = (): string | undefined => {
    const end = frame.indexOf(0, at);
    if (end < 0) return undefined;
    const value = frame.toString('ascii', at, end);
    at = end + 1;
    return value;
  };
  const serviceType = nextCString();
  const sourceTon = frame[at++];
  const sourceNpi = frame[at++];
  const source = nextCString();
  const destTon = frame[at++];
  const destNpi = frame[at++];
  const destination = nextCString();
  const esmClass = frame[at++];
  const protocolId = frame[at++];
  const priority = frame[at++];
  const schedule = nextCString();
  const validity = nextCString();
  if (destination === undefined || validity === undefined || at + 5 > frame.length) return undefined;
  // A receipt (SMSC delivery receipt bits), no UDH; the package turns times into Dates.
  if (((esmClass ?? 0) & 0x3c) !== 0x04 || ((esmClass ?? 0) & 0x40) !== 0 || schedule || validity) {
    return undefined;
  }
  const registered = frame[at++]!;
  const replace = frame[at++]!;
  const dataCoding = frame[at++]!;
  const defaultId = frame[at++]!;
  const length = frame[at++]!;
  if ((dataCoding & 0x0f) !== 0 || at + length > frame.length) return undefined;
  const fields: PduFields = {
    command: 'deliver_sm',
    command_length: frame.length,
    command_id: DELIVER_SM,
    command_status: frame.readUInt32BE(8),
    sequence_number: frame.readUInt32BE(12),
    service_type: serviceType,
    source_addr_ton: sourceTon,
    source_addr_npi: sourceNpi,
    source_addr: source,
    dest_addr_ton: destTon,
    dest_addr_npi: destNpi,
    destination_addr: destination,
    esm_class: esmClass,
    protocol_id: protocolId,
    priority_flag: priority,
    schedule_delivery_time: schedule,
    validity_period: validity,
    registered_delivery: registered,
    replace_if_present_flag: replace,
    data_coding: dataCoding,
    sm_default_msg_id: defaultId,
    short_message: { message: decodeGsm(frame.subarray(at, at + length)) },
  };
  at += length;
  while (at + 4 <= frame.length) {
    const tag = frame.readUInt16BE(at);
    const size = frame.readUInt16BE(at + 2);
    const value = frame.subarray(at + 4, at + 4 + size);
    at += 4 + size;
    if (at > frame.length) return undefined;
    if (tag === RECEIPTED_MESSAGE_ID) {
      const end = value.indexOf(0);
      fields.receipted_message_id = value.toString('ascii', 0, end < 0 ? value.length : end);
    } else if (tag === MESSAGE_STATE) {
      if (size < 1) return undefined;
      fields.message_state = value[0];
    } else if (tag === NETWORK_ERROR_CODE) {
      fields.network_error_code = Buffer.from(value);
    } else if (tag === 0x0424) {
      // message_payload: the package decodes it (and its UDH) by data_coding.
      return undefined;
    }
  }
  return fields;
}

/** deliver_sm_resp as the package writes it: message_id unused (one NUL), no body at all on an error. */
function deliverSmResp(sequence: number, status: number): Buffer {
  const length = status === 0 ? HEADER_BYTES + 1 : HEADER_BYTES;
  const buffer = Buffer.alloc(length);
  buffer.writeUInt32BE(length, 0);
  buffer.writeUInt32BE(DELIVER_SM_RESP, 4);
  buffer.writeUInt32BE(status, 8);
  buffer.writeUInt32BE(sequence, 12);
  return buffer;
}
