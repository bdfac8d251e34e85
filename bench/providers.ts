/**
 * Providers benchmark: a broadcast of N recipients (default 10,000) through each real provider's
 * adapter to the local peer its tests use (tests/providers/peers/*: the same servers, imported, not
 * copied), beside the same broadcast to the sandbox channel in the same run (before and after the
 * providers, so the ratio is taken against the mean of the two).
 *
 * For each provider: a fresh database and fresh platform processes (`start:api`, one `start:worker`),
 * N contacts seeded with SQL in one group (WhatsApp and Messenger contacts also get an open 24-hour
 * window, as if each had written first), one single message sent and waited for (so the worker is up
 * and the connection made before the clock starts), one queued broadcast, then:
 * - msg/s: N over the time from the POST to the last `sent_at`;
 * - receipts/s: once every message is sent, the peer reports each one delivered the way the provider
 *   does — a signed webhook POSTed (GET for MessageBird) to the channel's own URL on our API, or a
 *   `deliver_sm` on the SMPP bind — `BENCH_RECEIPT_CONCURRENCY` at a time, and the rate is N over the
 *   time from the first receipt to `delivered_count` = N (polled every 100 ms). Telegram and email
 *   have no delivery receipts.
 *
 * `BENCH_PROVIDERS_RECEIPTS=during` instead reports each message delivered as soon as the peer has
 * answered it (plus `BENCH_RECEIPT_DELAY_MS`), while the broadcast runs: msg/s then carries the
 * receipts' cost too, as the SMPP bench's receipt scenarios do; `none` sends no receipts (msg/s only).
 *
 * The HTTP providers' calls are answered by a lean server (bench/lib/http-peer.ts) in the tests'
 * peers' shapes, so that the peer's own HTTP server does not take the adapter's share of the cores;
 * `BENCH_PROVIDERS_PEER=test` sends to the tests' peers themselves. The tests' peers sign receipts.
 *
 * BENCH_PROVIDERS_SIZE=10000 · BENCH_PROVIDERS=sandbox,twilio,...,email,sandbox (order kept)
 * BENCH_PROVIDERS_RECEIPTS=after · BENCH_RECEIPT_CONCURRENCY=32 · BENCH_RECEIPT_DELAY_MS=0
 */
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { AfricasTalkingPeer } from '../tests/providers/peers/africastalking.js';
import { MessageBirdPeer } from '../tests/providers/peers/messagebird.js';
import { MessengerPeer } from '../tests/providers/peers/messenger.js';
import type { ChannelView, ProviderPeer, WebhookCall } from '../tests/providers/peers/peer.js';
import { SmppPeer } from '../tests/providers/peers/smpp.js';
import { TelegramPeer } from '../tests/providers/peers/telegram.js';
import { TwilioPeer } from '../tests/providers/peers/twilio.js';
import { VonagePeer } from '../tests/providers/peers/vonage.js';
import { WhatsAppPeer } from '../tests/providers/peers/whatsapp.js';
import { startLeanHttpPeer } from './lib/http-peer.js';
import { leanRoute } from './lib/lean-providers.js';
import * as platform from './lib/platform.js';
import { startSmtpSink } from './lib/smtp-sink.js';
import { printFigures } from './report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? (await platform.freePort()));
const BASE = `http://127.0.0.1:${PORT}`;
const SIZE = Number(process.env.BENCH_PROVIDERS_SIZE ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000);
const RECEIPTS_MODE =
  (['during', 'none'] as const).find((m) => m === process.env.BENCH_PROVIDERS_RECEIPTS) ?? 'after';
// Which server answers the HTTP providers' calls: the lean one (default) or the tests' own peers.
const PEER = process.env.BENCH_PROVIDERS_PEER === 'test' ? 'test' : 'lean';
const RECEIPT_CONCURRENCY = Number(process.env.BENCH_RECEIPT_CONCURRENCY ?? 32);
const RECEIPT_DELAY_MS = Number(process.env.BENCH_RECEIPT_DELAY_MS ?? 0);
const ORDER = (
  process.env.BENCH_PROVIDERS ??
  'sandbox,twilio,africastalking,vonage,messagebird,telegram,whatsapp,messenger,smpp,email,sandbox'
).split(',');
// A deadline per provider call with room for a loaded machine (the peers' own are short, for the hang cases).
const TIMEOUT_CONFIG = { timeout_ms: 10_000 };

const api = platform.jsonApi(BASE);

type AddressField = 'phone' | 'telegram_chat_id' | 'messenger_psid' | 'email';

/** What the bench needs of a provider: its peer, its channel, its recipients and how it reports delivery. */
type Target = {
  name: string;
  addressField: AddressField;
  address(n: number): string;
  channelBody(): Record<string, unknown>;
  /** Verify the channel before the broadcast (Telegram registers its webhook then). */
  verify?: boolean;
  /**
   * The public base URL the platform builds webhook URLs from (default: the API on loopback).
   * Telegram takes only an https webhook; it sends no receipts, so nothing is posted to it here.
   */
  publicBaseUrl?: string;
  /**
   * Contacts must have written within 24 hours (WhatsApp, Messenger): the platform's record of it is
   * seeded with SQL, the peer's (which enforces Meta's window too) through this.
   */
  openSessions?: (addresses: string[]) => void;
  /** Reports one message delivered, the provider's way; undefined: the provider has no receipts. */
  receipt?: (channel: ChannelView, providerMessageId: string) => Promise<void>;
  /** Provider message ids the peer has answered so far, in order (for receipts during the broadcast). */
  answered?: () => string[];
  connections(): number;
  close(): Promise<void>;
};

/** Delivers a webhook the way the provider does: to its URL on our API, raw body, its headers. */
async function deliverWebhook(call: WebhookCall): Promise<void> {
  const res = await fetch(call.url, {
    method: call.method,
    headers: call.headers,
    ...(call.method === 'GET' ? {} : { body: call.body }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`webhook ${call.method} ${call.url} → ${res.status} ${text}`);
}

/**
 * A provider whose peer is one of tests/providers/peers' HTTP servers, or (`BENCH_PROVIDERS_PEER=lean`,
 * the default) the lean peer answering in its place (bench/lib/http-peer.ts): the channel then points
 * at the lean peer, and the test peer only signs the receipts.
 */
async function httpTarget(name: string, peer: ProviderPeer, extra: Partial<Target> = {}): Promise<Target> {
  const body = peer.channelBody();
  const lean = PEER === 'lean' ? await startLeanHttpPeer(leanRoute(name)) : undefined;
  const config = {
    ...(body.config as object),
    ...TIMEOUT_CONFIG,
    ...(lean ? { base_url: lean.baseUrl } : {}),
  };
  return {
    name,
    addressField: peer.addressField ?? 'phone',
    address: (n) => peer.recipient(n),
    channelBody: () => ({ ...body, config }),
    verify: peer.supports.verifyRegistersWebhook === true,
    ...(peer.supports.receipts
      ? {
          receipt: (channel: ChannelView, id: string) =>
            deliverWebhook(peer.receipt(channel, id, 'delivered')),
          answered: () => lean?.answered ?? peer.sent.map((s) => s.providerMessageId),
        }
      : {}),
    connections: () => lean?.connections ?? peer.connections,
    close: async () => {
      await lean?.close();
      await peer.close();
    },
    ...extra,
  };
}

async function startTarget(name: string): Promise<Target> {
  switch (name) {
    case 'sandbox':
      return {
        name,
        addressField: 'phone',
        address: (n) => `+2519${String(n).padStart(8, '0')}`,
        channelBody: () => ({
          name: 'Sandbox',
          channel_type: 'sandbox',
          config: { delay_ms: 0, failure_rate: 0, deliver: true },
        }),
        connections: () => 0,
        close: async () => {},
      };
    case 'twilio':
      return httpTarget(name, await TwilioPeer.start());
    case 'africastalking':
      return httpTarget(name, await AfricasTalkingPeer.start());
    case 'vonage':
      return httpTarget(name, await VonagePeer.start());
    case 'messagebird':
      return httpTarget(name, await MessageBirdPeer.start());
    case 'telegram':
      return httpTarget(name, await TelegramPeer.start(), { publicBaseUrl: 'https://hooks.turumba.test' });
    case 'whatsapp':
    case 'messenger': {
      const peer = name === 'whatsapp' ? await WhatsAppPeer.start() : await MessengerPeer.start();
      return httpTarget(name, peer, {
        openSessions: (addresses) => {
          for (const a of addresses) peer.wrote(a);
        },
      });
    }
    case 'smpp': {
      const peer = await SmppPeer.start();
      const body = peer.channelBody({ window_size: 100, receipts: true, response_timeout_ms: 10_000 });
      return {
        name,
        addressField: 'phone',
        address: (n) => peer.recipient(n),
        channelBody: () => body,
        receipt: async (_channel, id) => {
          const status = await peer.receiptFor(id, 'DELIVRD');
          if (status !== 0) throw new Error(`deliver_sm for ${id} answered ${status}`);
        },
        answered: () => peer.sent.map((s) => s.providerMessageId),
        connections: () => peer.connections,
        close: () => peer.close(),
      };
    }
    case 'email': {
      const sink = await startSmtpSink();
      return {
        name,
        addressField: 'email',
        address: (n) => `person${n}@example.org`,
        channelBody: () => ({
          name: 'Newsletter',
          channel_type: 'email',
          sender_name: 'Acme News',
          credentials: {
            smtp_host: '127.0.0.1',
            smtp_port: sink.port,
            smtp_user: 'bench',
            smtp_pass: 'bench',
          },
          config: { from_address: 'news@acme.test', smtp_security: 'none', smtp_pool_size: 5 },
        }),
        connections: () => sink.stats.connections,
        close: () => sink.close(),
      };
    }
    default:
      throw new Error(`unknown provider ${name}`);
  }
}

/** Runs `work` over `items`, `concurrency` at a time; items may keep arriving until `done()` says so. */
async function drain<T>(
  next: () => T | undefined,
  done: () => boolean,
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const item = next();
        if (item !== undefined) await work(item);
        else if (done()) return;
        else await sleep(20);
      }
    }),
  );
}

async function run(name: string) {
  const target = await startTarget(name);
  const databaseUrl = await platform.freshDatabase(ADMIN_URL, 'turumba_bench_providers');
  const env = platform.benchEnv(databaseUrl, PORT, 'bench-providers', {
    // Providers sign webhooks over the public URL: here, the API itself on loopback.
    PUBLIC_BASE_URL: target.publicBaseUrl ?? BASE,
    PROVIDER_PRIVATE_HOSTS: 'true',
    PROVIDER_BASE_URL_OVERRIDE: 'true',
  });
  let processes: platform.PlatformProcess[] = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    processes = await platform.startPlatform(env, BASE, WORKERS);
    await db.connect();
    const { token, accountId } = await platform.signUpBench(api);
    const channel = await api('POST', '/v1/channels', token, target.channelBody());
    if (target.verify) {
      const verified = await api('POST', `/v1/channels/${channel.id}/verify`, token);
      if (verified.status !== 'connected') throw new Error(`verify: ${JSON.stringify(verified)}`);
    }
    const group = await api('POST', '/v1/contact-groups', token, { name: 'Everyone' });
    const addresses = Array.from({ length: SIZE }, (_, i) => target.address(i + 1));
    await db.query(
      `INSERT INTO contacts (account_id, ${target.addressField}, first_name)
       SELECT $1, a, 'N' || i FROM unnest($2::text[]) WITH ORDINALITY AS t(a, i)`,
      [accountId, addresses],
    );
    await db.query(
      `INSERT INTO contact_group_members (group_id, contact_id, account_id)
       SELECT $1, id, $2 FROM contacts WHERE account_id = $2`,
      [group.id, accountId],
    );
    if (target.openSessions) {
      target.openSessions(addresses);
      await db.query(
        `INSERT INTO contact_channel_activity (account_id, contact_id, channel_id, last_inbound_at)
         SELECT $1, id, $2, now() FROM contacts WHERE account_id = $1`,
        [accountId, channel.id],
      );
    }
    await db.query('VACUUM ANALYZE contacts');
    await db.query('VACUUM ANALYZE contact_group_members');
    // One message first, waited for: the worker's roles are up (and an SMPP bind is made) before the
    // broadcast's clock starts, as in a running deployment.
    const warmup = await api('POST', '/v1/messages', token, {
      channel_id: channel.id,
      delivery_address: addresses[0],
      message_body: 'Warm-up',
    });
    for (let i = 0; ; i++) {
      const { status, error_details: error } = await api('GET', `/v1/messages/${warmup.id}`, token);
      if (status === 'sent' || status === 'delivered') break;
      if (i > 600 || status === 'permanently_failed')
        throw new Error(`warm-up: ${status} ${JSON.stringify(error)}`);
      await sleep(100);
    }

    const readGroup = async (id: string) =>
      (
        await db.query(
          `SELECT status, sent_count, delivered_count, failed_count FROM group_messages WHERE id = $1`,
          [id],
        )
      ).rows[0];
    const receipts = { posted: 0, firstAt: 0, lastPostedAt: 0, errors: 0, firstError: '' };
    const postReceipt = async (id: string) => {
      if (receipts.firstAt === 0) receipts.firstAt = Date.now();
      try {
        await target.receipt!(channel, id);
      } catch (error) {
        receipts.errors += 1;
        receipts.firstError ||= String(error);
      }
      receipts.posted += 1;
      receipts.lastPostedAt = Date.now();
    };
    const connectionsBefore = target.connections();
    // CPU per process over the send phase: where a provider's messages cost more than the sandbox's.
    const cpu = () => ({
      ...Object.fromEntries(processes.map((p) => [p.name, platform.cpuSeconds(p.child.pid)])),
      postgres: platform.postgresCpuSeconds(),
      bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    });
    const cpuBefore = cpu();
    const load = loadavg()[0]!;
    const postedAt = Date.now();
    const broadcast = await platform.queueBroadcast(api, token, channel.id, group.id);

    // Receipts during the broadcast: each message reported delivered once the peer has answered it.
    let sendingDone = false;
    let during: Promise<void> = Promise.resolve();
    if (RECEIPTS_MODE === 'during' && target.receipt && target.answered) {
      let cursor = 0;
      let pending: string[] = [];
      during = drain(
        () => {
          if (pending.length === 0) {
            const answered = target.answered!();
            pending = answered.slice(cursor);
            cursor = answered.length;
          }
          return pending.shift();
        },
        () => sendingDone && cursor >= SIZE,
        RECEIPT_CONCURRENCY,
        async (id) => {
          if (RECEIPT_DELAY_MS > 0) await sleep(RECEIPT_DELAY_MS);
          await postReceipt(id);
        },
      );
    }

    let state: any;
    for (;;) {
      await sleep(250);
      state = await readGroup(broadcast.id);
      if (state.failed_count > 0) {
        const { rows } = await db.query(
          `SELECT error_details FROM messages WHERE group_message_id = $1 AND error_details IS NOT NULL LIMIT 1`,
          [broadcast.id],
        );
        throw new Error(`${name}: ${state.failed_count} failed: ${JSON.stringify(rows[0]?.error_details)}`);
      }
      if (['completed', 'partially_failed', 'failed', 'cancelled'].includes(state.status)) break;
      if (Date.now() - postedAt > TIMEOUT_MS) throw new Error(`timed out sending: ${JSON.stringify(state)}`);
    }
    sendingDone = true;
    const { rows: last } = await db.query(
      `SELECT extract(epoch FROM max(sent_at)) * 1000 AS last_sent FROM messages WHERE group_message_id = $1`,
      [broadcast.id],
    );
    const sentSeconds = (Number(last[0].last_sent) - postedAt) / 1000;
    const connections = target.connections() - connectionsBefore;
    const cpuAfter = cpu();
    const perMessageUs = (from: Record<string, number>, to: Record<string, number>) =>
      Object.fromEntries(Object.entries(to).map(([k, v]) => [k, Math.round(((v - from[k]!) * 1e6) / SIZE)]));
    const cpuPerMessageUs = perMessageUs(cpuBefore, cpuAfter);

    // Receipts after the broadcast: every sent message reported delivered by the peer.
    if (RECEIPTS_MODE === 'after' && target.receipt) {
      const { rows } = await db.query(
        `SELECT provider_message_id FROM messages WHERE group_message_id = $1 AND provider_message_id IS NOT NULL`,
        [broadcast.id],
      );
      const ids = rows.map((r) => r.provider_message_id as string);
      let i = 0;
      during = drain(
        () => ids[i++],
        () => true,
        RECEIPT_CONCURRENCY,
        postReceipt,
      );
    }
    let deliveredAt: number | undefined;
    if (target.receipt && RECEIPTS_MODE !== 'none') {
      for (;;) {
        state = await readGroup(broadcast.id);
        if (state.delivered_count >= SIZE) {
          deliveredAt = Date.now();
          break;
        }
        if (Date.now() - postedAt > TIMEOUT_MS) {
          throw new Error(`timed out on receipts: ${JSON.stringify(state)} ${JSON.stringify(receipts)}`);
        }
        await sleep(100);
      }
      await during;
    }
    // After the send phase, per receipt (with receipts `after` the broadcast: the receipts' own cost).
    const cpuPerReceiptUs = receipts.posted > 0 ? perMessageUs(cpuAfter, cpu()) : null;
    const receiptSeconds = deliveredAt ? (deliveredAt - receipts.firstAt) / 1000 : undefined;
    return {
      provider: name,
      status: state.status as string,
      sent: state.sent_count as number,
      delivered: state.delivered_count as number,
      failed: state.failed_count as number,
      seconds_to_last_sent: Number(sentSeconds.toFixed(2)),
      messages_per_second: Math.round(SIZE / sentSeconds),
      provider_connections: connections,
      // api, worker, PostgreSQL and the bench process (the peer, the poller) during the send phase.
      cpu_us_per_message: cpuPerMessageUs,
      cpu_us_per_receipt: cpuPerReceiptUs,
      receipts_posted: receipts.posted,
      receipt_errors: receipts.errors,
      first_receipt_error: receipts.firstError || undefined,
      receipts_per_second: receiptSeconds ? Math.round(SIZE / receiptSeconds) : null,
      receipt_posts_per_second:
        receipts.posted > 0
          ? Math.round(receipts.posted / ((receipts.lastPostedAt - receipts.firstAt) / 1000 || 0.001))
          : null,
      load_average_at_start: Number(load.toFixed(1)),
      peak_rss_mb: Object.fromEntries(processes.map((p) => [p.name, Math.round(p.peakMb())])),
    };
  } finally {
    await Promise.all(processes.map(platform.stopProcess));
    await db.end().catch(() => {});
    await target.close();
  }
}

const results: Awaited<ReturnType<typeof run>>[] = [];
for (const name of ORDER) {
  console.log(`${name}: broadcast to ${SIZE.toLocaleString('en')} recipients (receipts ${RECEIPTS_MODE})...`);
  const result = await run(name);
  console.log(result);
  const done = result.delivered + (result.receipts_per_second === null ? result.sent : 0);
  if (done < SIZE) console.log(`  ${name}: ${result.sent} sent, ${result.delivered} delivered of ${SIZE}`);
  results.push(result);
}
const sandboxRuns = results.filter((r) => r.provider === 'sandbox').map((r) => r.messages_per_second);
const sandbox = sandboxRuns.length ? sandboxRuns.reduce((a, b) => a + b, 0) / sandboxRuns.length : undefined;
const figures: Record<string, number | string> = {
  recipients: SIZE,
  receipts: RECEIPTS_MODE,
  cpus: cpus().length,
  peer: PEER,
  sandbox_runs_msg_per_s: sandboxRuns.join(', '),
};
for (const r of results.filter((x) => x.provider !== 'sandbox')) {
  figures[`${r.provider}_msg_per_s`] = r.messages_per_second;
  if (sandbox) figures[`${r.provider}_of_sandbox`] = Number((r.messages_per_second / sandbox).toFixed(2));
  // Against the sandbox runs just before and after it (when the order interleaves them): the load drifts.
  const i = results.indexOf(r);
  const around = [
    results.slice(0, i).findLast((x) => x.provider === 'sandbox'),
    results.slice(i + 1).find((x) => x.provider === 'sandbox'),
  ].flatMap((x) => (x ? [x.messages_per_second] : []));
  if (around.length > 0) {
    const near = around.reduce((a, b) => a + b, 0) / around.length;
    figures[`${r.provider}_of_adjacent_sandbox`] = Number((r.messages_per_second / near).toFixed(2));
  }
  if (r.receipts_per_second !== null) figures[`${r.provider}_receipts_per_s`] = r.receipts_per_second;
  figures[`${r.provider}_load_average`] = r.load_average_at_start;
}
printFigures('providers', figures);
