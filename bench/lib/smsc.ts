import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { PDU } from 'smpp';
import { PduFramer } from '../../providers/smpp/wire.js';

const SUBMIT_SM = 0x00000004;
const SUBMIT_SM_RESP = 0x80000004;
const DELIVER_SM_RESP = 0x80000005;
const HEADER_BYTES = 16;

/**
 * A lean SMSC for benchmarks, on the same two cores as the platform: it should cost the machine as
 * little as an SMSC on its own hardware would. It accepts binds, answers every submit_sm at once with
 * an id and, when asked, sends the delivery receipt (deliver_sm, SMPP 3.4 Appendix B text plus
 * receipted_message_id and message_state) `receiptDelayMs` later on a bound transceiver or receiver.
 * submit_sm is read (header, destination_addr, registered_delivery) and answered here in a few byte
 * operations, the answers to one read in one write; every other PDU is decoded and answered by the
 * `smpp` package. Keeps counts only.
 */
export class BenchSmsc {
  submits = 0;
  receiptsSent = 0;
  receiptsAcked = 0;
  private nextId = 1;
  private due: [string, string][] = [];
  private readonly receivers = new Set<Connection>();
  private readonly connections = new Set<Connection>();
  private readonly server: Server;
  port = 0;

  constructor(private readonly receiptDelayMs: number | null) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection = new Connection(socket, (frame) => this.onPdu(connection, frame));
    this.connections.add(connection);
    socket.on('error', () => {});
    socket.on('close', () => {
      this.connections.delete(connection);
      this.receivers.delete(connection);
    });
  }

  private onPdu(connection: Connection, frame: Buffer): void {
    const commandId = frame.readUInt32BE(4);
    const sequence = frame.readUInt32BE(12);
    if (commandId === SUBMIT_SM) {
      this.submits += 1;
      const id = (this.nextId++).toString(16);
      connection.write(submitSmResp(sequence, id));
      if (this.receiptDelayMs !== null) {
        const { destination, registeredDelivery } = readSubmit(frame);
        if (registeredDelivery) this.laterReceipt(id, destination);
      }
      return;
    }
    if (commandId === DELIVER_SM_RESP) {
      this.receiptsAcked += 1;
      return;
    }
    const pdu = new PDU(frame);
    if (pdu.isResponse()) return;
    switch (pdu.command) {
      case 'bind_transceiver':
      case 'bind_receiver':
        this.receivers.add(connection);
        connection.write(pdu.response({ system_id: 'BENCH' }).toBuffer());
        return;
      case 'bind_transmitter':
        connection.write(pdu.response({ system_id: 'BENCH' }).toBuffer());
        return;
      case 'unbind':
        connection.write(pdu.response().toBuffer());
        connection.socket.end();
        return;
      default:
        connection.write(pdu.response().toBuffer());
    }
  }

  /** Receipts due together share one timer: the submits answered in one turn. */
  private laterReceipt(id: string, destination: string): void {
    this.due.push([id, destination]);
    if (this.due.length > 1) return;
    setImmediate(() => {
      const due = this.due;
      this.due = [];
      setTimeout(() => {
        for (const [dueId, dueDestination] of due) this.receipt(dueId, dueDestination);
      }, this.receiptDelayMs!);
    });
  }

  private receipt(id: string, destination: string): void {
    const target = [...this.receivers][this.receiptsSent % Math.max(1, this.receivers.size)];
    if (!target) return;
    this.receiptsSent += 1;
    const text = `id:${id} sub:001 dlvrd:001 submit date:2601011200 done date:2601011200 stat:DELIVRD err:000 text:`;
    const deliver = new PDU('deliver_sm', {
      sequence_number: target.nextSequence(),
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: destination,
      esm_class: 0x04,
      data_coding: 0,
      short_message: Buffer.from(text, 'ascii'),
      receipted_message_id: id,
      message_state: 2,
    });
    target.write(deliver.toBuffer());
  }
}

/** One ESME's connection: whole PDUs read off the socket; what is written in one turn leaves in one write. */
class Connection {
  private out: Buffer[] = [];
  private sequence = 0;

  constructor(
    readonly socket: Socket,
    onPdu: (frame: Buffer) => void,
  ) {
    const framer = new PduFramer();
    socket.on('data', (chunk: Buffer) => {
      const { frames, error } = framer.push(chunk);
      for (const frame of frames) onPdu(frame);
      if (error) socket.destroy();
    });
  }

  nextSequence(): number {
    return ++this.sequence;
  }

  write(bytes: Buffer): void {
    this.out.push(bytes);
    if (this.out.length > 1) return;
    process.nextTick(() => {
      const out = this.out;
      this.out = [];
      if (this.socket.writable) this.socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
    });
  }
}

function submitSmResp(sequence: number, id: string): Buffer {
  const length = HEADER_BYTES + id.length + 1;
  const buffer = Buffer.allocUnsafe(length);
  buffer.writeUInt32BE(length, 0);
  buffer.writeUInt32BE(SUBMIT_SM_RESP, 4);
  buffer.writeUInt32BE(0, 8);
  buffer.writeUInt32BE(sequence, 12);
  buffer.write(id, HEADER_BYTES, 'latin1');
  buffer[length - 1] = 0;
  return buffer;
}

/** destination_addr and registered_delivery of a submit_sm (SMPP 3.4 §4.4.1): past five C-octet strings and seven octets. */
function readSubmit(frame: Buffer): { destination: string; registeredDelivery: number } {
  let at = skipCString(frame, HEADER_BYTES) + 2; // service_type, source TON/NPI
  at = skipCString(frame, at) + 2; // source_addr, destination TON/NPI
  const end = skipCString(frame, at);
  const destination = frame.toString('latin1', at, end - 1);
  at = end + 3; // esm_class, protocol_id, priority_flag
  at = skipCString(frame, skipCString(frame, at)); // schedule_delivery_time, validity_period
  return { destination, registeredDelivery: frame[at] ?? 0 };
}

/** The offset just past the C-octet string starting at `at` (its NUL included). */
function skipCString(frame: Buffer, at: number): number {
  const nul = frame.indexOf(0, at);
  return nul < 0 ? frame.length : nul + 1;
}
