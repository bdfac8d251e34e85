import { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * hono's `bodyLimit`, without its cost on every request. hono's middleware first reads
 * `c.req.raw.body`, which makes @hono/node-server build a whole WHATWG Request for the request (an
 * AbortController, a web stream over the socket, a Headers), GETs included: measured at about a
 * fifth of the API's CPU for a provider webhook. Left alone, @hono/node-server reads the body
 * straight from the socket when a route asks for it.
 *
 * On a request Node parsed, the size is decided from its headers where they decide it: no body
 * without Content-Length or Transfer-Encoding (RFC 9112 §6.3), and a Content-Length is the body's
 * length (Node's parser holds the body to it). A chunked body, whose length shows only as it is read,
 * and any request that did not come through Node's server (`app.request` in tests), go through
 * hono's counting reader.
 */
export function bodySizeLimit(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  // The refused body is left unread (a chunked one half read): the connection cannot carry another
  // request, and without saying so a keep-alive client's next request on it fails ("socket hang up").
  const refuse = async (c: Context) => {
    const response = await onError(c);
    try {
      response.headers.set('Connection', 'close');
    } catch {
      // Immutable headers: Node still closes the connection it cannot reuse.
    }
    return response;
  };
  const counting = bodyLimit({ maxSize, onError: refuse });
  return async (c, next) => {
    const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
    if (!(incoming instanceof IncomingMessage) || incoming.headers['transfer-encoding'] !== undefined) {
      return counting(c, next);
    }
    const length = incoming.headers['content-length'];
    if (length !== undefined && Number.parseInt(length, 10) > maxSize) return refuse(c);
    return next();
  };
}
