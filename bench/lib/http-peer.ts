import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';

/** One call as the lean peer sees it: enough to route it and echo what the provider echoes. */
export type LeanCall = { method: string; path: string; body: string };
/** The provider's answer: its HTTP status and JSON body, and the message id it gave, if any. */
export type LeanAnswer = { status: number; json: string; messageId?: string | undefined };
export type LeanRoute = (call: LeanCall) => LeanAnswer;

export type LeanHttpPeer = {
  baseUrl: string;
  /** TCP connections accepted so far (keep-alive: a broadcast should need only the pool's). */
  readonly connections: number;
  /** Message ids answered, in order (receipts during the broadcast follow them). */
  readonly answered: string[];
  close(): Promise<void>;
};

const HEAD_END = Buffer.from('\r\n\r\n');
const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 400: 'Bad Request', 404: 'Not Found' };

/**
 * A provider's HTTP API for the providers bench, answering on loopback with the JSON the provider
 * answers (the same shapes as the tests' peers) for a few CPU microseconds a call: it reads each
 * request's line, `content-length` and body straight from the socket's bytes and writes every answer
 * of one read in one write. The tests' peers (tests/providers/peers/*) check what is sent, on Node's
 * HTTP server; on the two cores this bench shares with the platform their 100-175 µs a message
 * was billed to the adapter under test. Supports what our adapters send (HTTP/1.1, keep-alive,
 * `content-length` bodies); anything else closes the connection, which the bench reports as failed
 * sends.
 */
export async function startLeanHttpPeer(route: LeanRoute): Promise<LeanHttpPeer> {
  const sockets = new Set<Socket>();
  const answered: string[] = [];
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending: Buffer | undefined;
    socket.on('data', (chunk: Buffer) => {
      let data = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = undefined;
      let out = '';
      for (;;) {
        const headEnd = data.indexOf(HEAD_END);
        if (headEnd < 0) break;
        const head = data.toString('latin1', 0, headEnd);
        const lineEnd = head.indexOf('\r\n');
        const [method, path] = head.slice(0, lineEnd < 0 ? head.length : lineEnd).split(' ');
        const length = contentLength(head);
        if (!method || !path || length === undefined) {
          socket.destroy();
          return;
        }
        const bodyStart = headEnd + 4;
        if (data.length < bodyStart + length) break;
        const body = data.toString('utf8', bodyStart, bodyStart + length);
        const answer = route({ method, path, body });
        if (answer.messageId !== undefined) answered.push(answer.messageId);
        out +=
          `HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? 'Status'}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(answer.json)}\r\n` +
          `connection: keep-alive\r\n\r\n${answer.json}`;
        data = data.subarray(bodyStart + length);
      }
      if (data.length > 0) pending = Buffer.from(data);
      if (out) socket.write(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return connections;
    },
    answered,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's `content-length` (0 without one); undefined for a chunked body, which is not read. */
function contentLength(head: string): number | undefined {
  const lower = head.toLowerCase();
  if (lower.includes('\r\ntransfer-encoding:')) return undefined;
  const at = lower.indexOf('\r\ncontent-length:');
  if (at < 0) return 0;
  const end = lower.indexOf('\r\n', at + 2);
  const value = Number(lower.slice(at + 17, end < 0 ? undefined : end).trim());
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Unique ids without a random draw per message: a random prefix and a counter, in hex. */
export function idSource(hexLength: number): () => string {
  const prefix = randomBytes(Math.ceil(hexLength / 4))
    .toString('hex')
    .slice(0, hexLength / 2);
  const width = hexLength - prefix.length;
  let n = 0;
  return () => prefix + (n++).toString(16).padStart(width, '0');
}
