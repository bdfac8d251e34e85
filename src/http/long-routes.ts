/** Routes that stream their body and check its size themselves (see src/contacts/import/limits.ts). */
export const STREAMED_UPLOAD_ROUTES = new Set(['POST /v1/contacts/import']);

/**
 * Requests whose duration is their nature, not load: the bulk governor ignores them, and they are
 * not counted against API_MAX_IN_FLIGHT.
 */
export const UNMETERED_ROUTES = new Set(['GET /v1/events/stream', ...STREAMED_UPLOAD_ROUTES]);
