/**
 * `npm run demo`: a tour of a running instance (DEMO_BASE_URL, default http://localhost:8080).
 * Signs up a fresh user, creates a sandbox channel, imports generated contacts from a CSV into a
 * group, then creates and starts a broadcast to that group and draws its progress until it finishes.
 *
 * The sign-up code: the demo runs an SMTP sink on DEMO_SMTP_PORT (default 2525) and reads the code
 * from it, so start the platform with SYSTEM_SMTP_URL=smtp://127.0.0.1:2525; or start it with
 * AUTH_REQUIRE_EMAIL_VERIFICATION=false and no code is needed. Without either, the code is in the
 * platform's log and the demo asks for it (when run in a terminal).
 *
 * Settings: DEMO_CONTACTS (10000), DEMO_RATE_LIMIT (sandbox messages per second, 1000; 0 = none),
 * DEMO_FAILURE_RATE (share of sandbox sends that fail and are retried, 0).
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const BASE_URL = (process.env.DEMO_BASE_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const SMTP_PORT = Number(process.env.DEMO_SMTP_PORT ?? 2525);
const CONTACTS = Number(process.env.DEMO_CONTACTS ?? 10_000);
const RATE_LIMIT = Number(process.env.DEMO_RATE_LIMIT ?? 1_000);
const FAILURE_RATE = Number(process.env.DEMO_FAILURE_RATE ?? 0);
const CODE_WAIT_MS = 15_000;
const FINISHED = new Set(['completed', 'partially_failed', 'failed', 'cancelled']);
const CITIES = ['Addis Ababa', 'Adama', 'Bahir Dar', 'Hawassa', 'Mekelle', 'Gondar'];
const FIRST_NAMES = [
  'Abebe',
  'Almaz',
  'Dawit',
  'Hana',
  'Kebede',
  'Meron',
  'Selam',
  'Tigist',
  'Yonas',
  'Liya',
];

type Api = <T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<T>;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: any,
    what: string,
  ) {
    super(`${what} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  }
}

const number = (n: number) => n.toLocaleString('en-US');
const say = (line: string) => process.stdout.write(`${line}\n`);

/** A JSON client of the instance, sending the session's token and account once signed in. */
function apiClient(session: { token?: string; accountId?: string } = {}): Api {
  return async (method, path, body, headers = {}) => {
    const raw = typeof body === 'string';
    const res = await fetch(`${BASE_URL}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': raw ? 'text/csv' : 'application/json' }),
        ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
        ...(session.accountId ? { 'x-account-id': session.accountId } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    if (!res.ok) throw new ApiError(res.status, parsed, `${method} ${path}`);
    return parsed as any;
  };
}

/** An SMTP server that keeps the 6-digit codes mailed to each address. */
async function startCodeSink(): Promise<
  { codeFor: (email: string) => Promise<string | undefined>; close: () => void } | undefined
> {
  const codes = new Map<string, string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const code = mail.text?.match(/\b(\d{6})\b/)?.[1];
          for (const to of session.envelope.rcptTo) if (code) codes.set(to.address.toLowerCase(), code);
          callback();
        })
        .catch(callback);
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(SMTP_PORT, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    say(`(no SMTP sink: port ${SMTP_PORT} is taken — ${(error as NodeJS.ErrnoException).code})`);
    return undefined;
  }
  return {
    async codeFor(email) {
      const deadline = Date.now() + CODE_WAIT_MS;
      while (Date.now() < deadline) {
        const code = codes.get(email.toLowerCase());
        if (code) return code;
        await sleep(200);
      }
      return undefined;
    },
    close: () => server.close(),
  };
}

/** Asks for the code on the terminal (it is in the platform's log when it has no SMTP server). */
async function askForCode(email: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new Error(
      `no verification code arrived for ${email}. Start the platform with SYSTEM_SMTP_URL=smtp://127.0.0.1:${SMTP_PORT} (this demo's SMTP sink) or AUTH_REQUIRE_EMAIL_VERIFICATION=false`,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`Verification code for ${email} (see the platform's log): `)).trim();
  } finally {
    rl.close();
  }
}

/** Registers a fresh user and signs in, verifying the email address when the instance asks for it. */
async function signUp(): Promise<{ token: string; accountId: string; email: string }> {
  const api = apiClient();
  const email = `demo-${randomBytes(4).toString('hex')}@example.com`;
  const password = `demo ${randomBytes(8).toString('hex')}`;
  const sink = await startCodeSink();
  try {
    const registered = await api('POST', '/v1/auth/register', {
      email,
      password,
      name: 'Demo User',
      account_name: 'Demo Shop',
    });
    const login = () => api<{ access_token: string }>('POST', '/v1/auth/login', { email, password });
    let tokens: { access_token: string };
    try {
      tokens = await login();
    } catch (error) {
      if (!(error instanceof ApiError) || error.body?.code !== 'email_not_verified') throw error;
      const code = (await sink?.codeFor(email)) ?? (await askForCode(email));
      await api('POST', '/v1/auth/verify-email', { email, code });
      say(`✓ verified ${email} with the mailed code`);
      tokens = await login();
    }
    return { token: tokens.access_token, accountId: registered.account.id, email };
  } finally {
    sink?.close();
  }
}

/** A CSV of generated contacts, all in `group` (the import creates groups by name). */
function contactsCsv(count: number, group: string): string {
  const lines = ['first_name,last_name,phone,city,groups'];
  for (let i = 0; i < count; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    const city = CITIES[i % CITIES.length];
    // Valid Ethiopian mobile numbers, unique within the account.
    lines.push(`${first},Demo${i},+2519${10_000_000 + i},${city},${group}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Imports the CSV and waits for the import to finish, showing rows processed. */
async function importContacts(api: Api, csv: string): Promise<void> {
  const accepted = await api<{ id: string }>('POST', '/v1/contacts/import', csv);
  for (;;) {
    const imp = await api('GET', `/v1/contact-imports/${accepted.id}`);
    if (process.stdout.isTTY) {
      process.stdout.write(`\r  importing… ${number(imp.total_rows)} rows (${imp.status})   `);
    }
    if (imp.status === 'completed') {
      if (process.stdout.isTTY) process.stdout.write('\n');
      say(
        `✓ imported ${number(imp.imported)} contacts (${number(imp.updated)} updated, ${number(imp.failed)} rejected)`,
      );
      return;
    }
    if (imp.status === 'failed') throw new Error(`the import failed: ${imp.error_message}`);
    await sleep(250);
  }
}

type Progress = {
  status: string;
  total_recipients: number;
  sent_count: number;
  delivered_count: number;
  failed_count: number;
  skipped_count: number;
  cancelled_count: number;
  pending_count: number;
};

/** One line: a bar of what is done and the counters. */
function progressLine(g: Progress, seconds: number): string {
  const width = 30;
  const total = Math.max(1, g.total_recipients);
  const done = g.sent_count + g.failed_count + g.skipped_count + g.cancelled_count;
  const filled = Math.round((done / total) * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const rate = seconds > 0 ? Math.round(g.sent_count / seconds) : 0;
  return `  [${bar}] ${Math.floor((done / total) * 100)
    .toString()
    .padStart(
      3,
    )}%  sent ${number(g.sent_count)}  delivered ${number(g.delivered_count)}  failed ${number(g.failed_count)}  pending ${number(g.pending_count)}  ${number(rate)} msg/s  ${g.status}`;
}

/** Polls the broadcast and redraws its progress until it finishes. */
async function followBroadcast(api: Api, id: string): Promise<Progress> {
  const started = performance.now();
  let lastPrinted = 0;
  for (;;) {
    const g = await api<Progress>('GET', `/v1/group-messages/${id}`);
    const seconds = (performance.now() - started) / 1000;
    const finished = FINISHED.has(g.status);
    if (process.stdout.isTTY) {
      process.stdout.write(`\r\x1b[2K${progressLine(g, seconds)}`);
      if (finished) process.stdout.write('\n');
    } else if (finished || seconds - lastPrinted >= 2) {
      lastPrinted = seconds;
      say(progressLine(g, seconds));
    }
    if (finished) return g;
    await sleep(200);
  }
}

async function main(): Promise<void> {
  try {
    await fetch(`${BASE_URL}/healthz`);
  } catch {
    throw new Error(
      `no Turumba instance answers at ${BASE_URL}. Start one (e.g. SYSTEM_SMTP_URL=smtp://127.0.0.1:${SMTP_PORT} npm start) or set DEMO_BASE_URL`,
    );
  }
  say(`Turumba demo against ${BASE_URL}`);
  const session = await signUp();
  say(`✓ signed up ${session.email} (account ${session.accountId})`);
  const api = apiClient(session);

  const channel = await api('POST', '/v1/channels', {
    name: 'Demo sandbox',
    channel_type: 'sandbox',
    config: { delay_ms: 0, failure_rate: FAILURE_RATE, deliver: true },
    ...(RATE_LIMIT > 0 ? { rate_limit: RATE_LIMIT } : {}),
    retry_interval: 1,
  });
  say(`✓ sandbox channel ${channel.id}${RATE_LIMIT > 0 ? ` (${number(RATE_LIMIT)} messages/s)` : ''}`);

  const groupName = `Demo customers ${new Date().toISOString().slice(0, 19)}`;
  say(`… importing ${number(CONTACTS)} generated contacts into "${groupName}"`);
  await importContacts(api, contactsCsv(CONTACTS, groupName));
  const groups = await api('GET', `/v1/contact-groups?filter=name:eq:${encodeURIComponent(groupName)}`);
  const group = groups.items[0];
  if (!group) throw new Error(`the import did not create the group "${groupName}"`);
  say(`✓ group ${group.id} with ${number(group.contact_count)} contacts`);

  const broadcast = await api('POST', '/v1/group-messages', {
    name: 'Demo broadcast',
    channel_id: channel.id,
    message_body: 'Hi {FIRST_NAME}, your {CITY} store has a gift for you this week. Reply STOP to opt out.',
    contact_group_ids: [group.id],
  });
  await api('POST', `/v1/group-messages/${broadcast.id}/start`);
  say(`✓ broadcast ${broadcast.id} started`);
  const started = performance.now();
  const final = await followBroadcast(api, broadcast.id);
  const seconds = (performance.now() - started) / 1000;
  say(
    `✓ ${final.status}: ${number(final.sent_count)} sent, ${number(final.delivered_count)} delivered, ${number(final.failed_count)} failed, ${number(final.skipped_count)} skipped in ${seconds.toFixed(1)} s`,
  );
  say(
    `  See it in the API: GET ${BASE_URL}/v1/group-messages/${broadcast.id} (and /admin/queues when ADMIN_USER is set)`,
  );
  if (final.status !== 'completed') process.exitCode = 1;
}

main().catch((error: Error) => {
  process.stderr.write(`\ndemo failed: ${error.message}\n`);
  process.exit(1);
});
