/** Routes that stream their body and check its size themselves (see src/contacts/import/limits.ts). */
export const STREAMED_UPLOAD_ROUTES = new Set(['POST /v1/contacts/import']);

/**
 * Requests whose duration is their nature, not load: the bulk governor ignores them, and they are
 * not counted against API_MAX_IN_FLIGHT.
 */
export const UNMETERED_ROUTES = new Set(['GET /v1/events/stream', ...STREAMED_UPLOAD_ROUTES]);

/**
 * Whether a request counts against API_MAX_IN_FLIGHT: everything under /v1 but the unmetered routes
 * and providers' webhooks. A provider may not retry a refused webhook (Twilio's status callbacks are
 * not retried), and a lost receipt leaves a message `sent` for good; a webhook's own work in the
 * request is small (the signature, one inbox row).
 */
export function countsAgainstAdmission(method: string, path: string): boolean {
  return (
    path.startsWith('/v1/') &&
    !path.startsWith('/v1/webhooks/') &&
    !UNMETERED_ROUTES.has(`${method.toUpperCase()} ${path}`)
  );
}
