import type { AddressInfo } from 'node:net';
import { createServer, PDU, type Server, type Session } from 'smpp';

/**
 * A lean SMSC for benchmarks: accepts binds, answers every submit_sm at once with an id, and, when
 * asked, sends the delivery receipt (deliver_sm, SMPP 3.4 Appendix B text plus receipted_message_id
 * and message_state) `receiptDelayMs` later on a bound transceiver or receiver. Keeps counts only.
 */
export class BenchSmsc {
  submits = 0;
  receiptsSent = 0;
  receiptsAcked = 0;
  private nextId = 1;
  private readonly receivers = new Set<Session>();
  private readonly server: Server;
  port = 0;

  constructor(private readonly receiptDelayMs: number | null) {
    this.server = createServer({}, (session) => this.accept(session));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const session of this.server.sessions) session.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(session: Session): void {
    session.on('error', () => {});
    session.on('close', () => this.receivers.delete(session));
    for (const role of ['transceiver', 'transmitter', 'receiver']) {
      session.on(`bind_${role}`, (pdu: PDU) => {
        if (role !== 'transmitter') this.receivers.add(session);
        session.send(pdu.response({ system_id: 'BENCH' }));
      });
    }
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: PDU) => {
      this.submits += 1;
      const id = (this.nextId++).toString(16);
      session.send(pdu.response({ message_id: id }));
      if (this.receiptDelayMs !== null && pdu.registered_delivery) {
        setTimeout(() => this.receipt(id, String(pdu.destination_addr)), this.receiptDelayMs);
      }
    });
  }

  private receipt(id: string, destination: string): void {
    const target = [...this.receivers][this.receiptsSent % Math.max(1, this.receivers.size)];
    if (!target) return;
    this.receiptsSent += 1;
    const text = `id:${id} sub:001 dlvrd:001 submit date:2601011200 done date:2601011200 stat:DELIVRD err:000 text:`;
    target.send(
      new PDU('deliver_sm', {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: destination,
        esm_class: 0x04,
        data_coding: 0,
        short_message: Buffer.from(text, 'ascii'),
        receipted_message_id: id,
        message_state: 2,
      }),
      () => {
        this.receiptsAcked += 1;
      },
    );
  }
}
