import { createApp } from '../../src/http/app.js';
import type { App } from '../../src/http/context.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import type { TestContext } from '../helpers/harness.js';

export type SseEvent = { id: string | undefined; event: string; data: any; at: number };

/** Reads a `text/event-stream` response as it arrives: its events, and how many comment lines came. */
export class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  ended = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(readonly response: Response) {
    if (!response.body) throw new Error('no body');
    this.reader = response.body.getReader();
    void this.pump();
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          this.parse(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // cancelled
    }
    this.ended = true;
  }

  private parse(block: string): void {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    let fields = 0;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments += 1;
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'id') id = value;
      else if (name === 'event') event = value;
      else if (name === 'data') data.push(value);
      else continue;
      fields += 1;
    }
    if (fields === 0 || data.length === 0) return;
    this.events.push({ id, event, data: JSON.parse(data.join('\n')), at: Date.now() });
  }

  /** The events named `event`. */
  of(event: string): SseEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  /** Waits until `predicate` holds over the events so far (polling; generous for a loaded machine). */
  async until(predicate: (events: SseEvent[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out; events so far: ${JSON.stringify(this.events.map((e) => [e.event, e.data]))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}

/** Opens the stream on `app`; returns the client (status 200) or the error response. */
export async function openStream(
  app: App,
  options: { token?: string; accountId?: string; query?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; client?: SseClient; body?: any; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.accountId) headers['x-account-id'] = options.accountId;
  const response = await app.request(`/v1/events/stream${options.query ? `?${options.query}` : ''}`, {
    headers,
  });
  if (response.status !== 200) {
    return { status: response.status, body: await response.json(), headers: response.headers };
  }
  return { status: 200, client: new SseClient(response), headers: response.headers };
}

/**
 * Another API process on the same database and Redis as `t`: its own runtime (connections, live
 * hub) and app, as a second server behind a load balancer would have.
 */
export function secondApp(t: TestContext, config = t.config): { app: App; runtime: Runtime } {
  const runtime = createRuntime(config, createLogger('silent'));
  return { app: createApp(runtime), runtime };
}
