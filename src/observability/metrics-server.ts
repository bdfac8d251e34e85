import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';

/** A running metrics listener; `port` is the one bound (useful with port 0). */
export type MetricsServer = { port: number; close: () => Promise<void> };

/**
 * Serves `GET /metrics` (Prometheus text) and `GET /healthz` on its own port, for worker-only
 * processes, which run no API and so have no other HTTP listener. Anything else answers 404. A port
 * taken by another process is logged and the worker carries on without the listener.
 */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  logger: Logger,
): Promise<MetricsServer | undefined> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      registry
        .metrics()
        .then((text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text))
        .catch((error: Error) => {
          logger.warn({ err: error.name }, 'collecting metrics failed');
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end('collecting metrics failed\n');
        });
      return;
    }
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    logger.warn({ port, err: (error as NodeJS.ErrnoException).code }, 'metrics listener could not start');
    return undefined;
  }
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound }, `metrics on http://localhost:${bound}/metrics`);
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
