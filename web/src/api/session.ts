/**
 * The console session. The access token lives only in this module's memory; the refresh token is an
 * HttpOnly cookie that page scripts never see (POST /v1/auth/session and its refresh route set it).
 * Tabs coordinate: refreshes are serialised with a Web Lock (two tabs rotating the same refresh
 * token at once would look like reuse and revoke the session), and signing out in one tab signs out
 * every tab.
 */

const CONSOLE_HEADERS = { 'x-turumba-console': '1' };
const ACCOUNT_KEY = 'turumba-account';
// Refresh a minute before expiry so requests rarely meet an expired token.
const REFRESH_MARGIN_MS = 60_000;

type TokenResponse = { access_token: string; expires_in: number };
type Listener = (signedIn: boolean) => void;

let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<string | null> | null = null;
const listeners = new Set<Listener>();
const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('turumba-session');

tabs?.addEventListener('message', (event: MessageEvent<{ type: string }>) => {
  if (event.data.type === 'signed-out') forget();
});

function notify(): void {
  for (const listener of listeners) listener(accessToken !== null);
}

function keep(token: TokenResponse): string {
  accessToken = token.access_token;
  clearTimeout(refreshTimer);
  const delay = Math.max(5_000, token.expires_in * 1000 - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => void refreshAccessToken(), delay);
  notify();
  return token.access_token;
}

function forget(): void {
  accessToken = null;
  clearTimeout(refreshTimer);
  notify();
}

/** The access token in memory, if any. */
export function currentAccessToken(): string | null {
  return accessToken;
}

/** Calls `listener` whenever the session starts or ends; returns the unsubscribe function. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The account the console acts in (X-Account-Id), remembered per browser. */
export function selectedAccountId(): string | null {
  try {
    return localStorage.getItem(ACCOUNT_KEY);
  } catch {
    return null;
  }
}

const accountListeners = new Set<() => void>();

/** Calls `listener` when the selected account changes (for useSyncExternalStore). */
export function onAccountChange(listener: () => void): () => void {
  accountListeners.add(listener);
  return () => accountListeners.delete(listener);
}

export function selectAccount(id: string | null): void {
  try {
    if (id) localStorage.setItem(ACCOUNT_KEY, id);
    else localStorage.removeItem(ACCOUNT_KEY);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  for (const listener of accountListeners) listener();
}

async function sessionRequest(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...CONSOLE_HEADERS, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Signs in; resolves with the raw response so the form can show problem details. */
export async function signIn(email: string, password: string): Promise<Response> {
  const response = await sessionRequest('POST', '/v1/auth/session', { email, password });
  if (response.ok) keep((await response.clone().json()) as TokenResponse);
  return response;
}

async function rotate(): Promise<string | null> {
  const response = await sessionRequest('POST', '/v1/auth/session/refresh');
  if (!response.ok) {
    forget();
    return null;
  }
  return keep((await response.json()) as TokenResponse);
}

/**
 * A new access token from the refresh cookie, or null when there is no valid session. Concurrent
 * calls in a tab share one request; across tabs a Web Lock runs them one after the other.
 */
export function refreshAccessToken(): Promise<string | null> {
  inflight ??= (async () => {
    try {
      const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
      return locks ? await locks.request('turumba-session-refresh', rotate) : await rotate();
    } catch {
      forget();
      return null;
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}

/** Signs this browser out (every tab), revoking the refresh token. */
export async function signOut(): Promise<void> {
  await sessionRequest('DELETE', '/v1/auth/session').catch(() => undefined);
  forget();
  tabs?.postMessage({ type: 'signed-out' });
}

/** Revokes every session of the user (other browsers and API refresh tokens too), then signs out here. */
export async function signOutEverywhere(): Promise<void> {
  if (accessToken) {
    await fetch('/v1/auth/sessions', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${accessToken}` },
    }).catch(() => undefined);
  }
  await signOut();
}
