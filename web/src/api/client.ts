import createClient from 'openapi-fetch';
import type { paths } from './schema.gen';
import { currentAccessToken, refreshAccessToken, selectedAccountId } from './session';

/**
 * Adds the bearer token and X-Account-Id; on a 401 it refreshes the session once and replays the
 * request (a clone taken before the first send, since a body can be read only once).
 */
export async function authorizedFetch(input: Request): Promise<Response> {
  const replay = input.clone();
  const send = (request: Request, token: string | null) => {
    const headers = new Headers(request.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const account = selectedAccountId();
    if (account && !headers.has('x-account-id')) headers.set('x-account-id', account);
    return fetch(new Request(request, { headers }));
  };
  const response = await send(input, currentAccessToken());
  if (response.status !== 401) return response;
  const token = await refreshAccessToken();
  return token ? send(replay, token) : response;
}

/** The typed API client, generated from /openapi.json. */
export const api = createClient<paths>({ baseUrl: '', fetch: authorizedFetch });
