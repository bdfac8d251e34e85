import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../config.js';
import type { App } from './context.js';

/** How long an idle keep-alive connection stays open between requests. */
const KEEP_ALIVE_MS = 5_000;

/**
 * Serves the API over HTTP with limits a slow client cannot outwait: its headers must arrive
 * within HTTP_HEADERS_TIMEOUT_MS and its whole request within HTTP_REQUEST_TIMEOUT_MS (else 408
 * and the socket is closed). Node checks these on an interval, kept well under the deadlines.
 */
export function serveApi(
  app: App,
  config: Pick<Config, 'port' | 'httpHeadersTimeoutMs' | 'httpRequestTimeoutMs'>,
  onListening?: (info: AddressInfo) => void,
) {
  const headersTimeout = config.httpHeadersTimeoutMs;
  // Node requires requestTimeout >= headersTimeout (0 would mean none).
  const requestTimeout = Math.max(config.httpRequestTimeoutMs, headersTimeout);
  return serve(
    {
      fetch: app.fetch,
      port: config.port,
      createServer,
      serverOptions: {
        headersTimeout,
        requestTimeout,
        keepAliveTimeout: KEEP_ALIVE_MS,
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
      },
    },
    onListening,
  );
}
