import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordAction } from '../../src/consent/keywords.js';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import {
  as,
  createSandboxChannel,
  createTemplate,
  type DispatchTest,
  enqueueBatches,
  getGroupMessage,
  getMessage,
  seedGroup,
  setupDispatchTest,
  stopRoles,
  waitFor,
} from '../dispatch/support.js';
import { type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import { contactId, expectCountersAddUp } from './support.js';

let env: DispatchTest;
let t: TestContext;
let owner: Session;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t, { accountName: 'Acme' });
  for (const role of ['outbox-relay', 'event-consumer', 'send', 'webhooks'] as const) {
    workers.push(await ROLE_STARTERS[role](t.runtime));
  }
});
afterAll(async () => {
  await stopRoles(workers);
  await env?.close();
});

let inboundId = 0;
/** Delivers an inbound message through the channel's sandbox inbound webhook. */
async function inbound(channel: any, from: string, text: string): Promise<void> {
  const path = new URL(channel.webhook_urls.inbound).pathname;
  const res = await t.request('POST', path, { body: { id: `in-${++inboundId}`, from, text } });
  expect(res.status, res.text).toBeLessThan(300);
}

async function optOutsOf(address: string): Promise<any[]> {
  const res = await t.request(
    'GET',
    `/v1/opt-outs?filter=address:eq:${encodeURIComponent(address)}`,
    as(owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** The confirmations (system messages) sent to an address, oldest first. */
async function confirmations(address: string): Promise<any[]> {
  const res = await t.request(
    'GET',
    `/v1/messages?filter=direction:eq:system&filter=delivery_address:eq:${encodeURIComponent(address)}&sort=created_at:asc`,
    as(owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** Waits until every inbound message so far is stored (the webhooks role applies them). */
async function inboundApplied(count: number): Promise<void> {
  await waitFor(async () => {
    const res = await t.request('GET', '/v1/messages?filter=direction:eq:inbound', as(owner));
    return res.body.total >= count ? true : undefined;
  }, `${count} inbound messages to be stored`);
}

describe('inbound consent keywords', () => {
  it('a STOP mid-broadcast stops the rest for that address; counters add up; one confirmation; START resumes', async () => {
    // About three bulk sends a second: the STOP lands while the broadcast is still going.
    const channel = await createSandboxChannel(t, owner, { rate_limit: 4 });
    const template = await createTemplate(t, owner, { message_body: 'Weekly offers' });
    const numbers = Array.from({ length: 16 }, (_, i) => `+2557140${String(i).padStart(5, '0')}`);
    const ids: string[] = [];
    for (const phone of numbers) ids.push(await contactId(t, owner, { phone }));
    const target = numbers.at(-1)!;
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: numbers.map((address, i) => ({ address, contactId: ids[i]! })),
    });
    await enqueueBatches(t, owner, channel.id, group);
    await waitFor(async () => {
      const g = await getGroupMessage(t, owner, group.groupId);
      return g.sent_count >= 2 ? g : undefined;
    }, 'the broadcast to be under way');

    await inbound(channel, target, '  Stop ');
    const done = await waitFor(
      async () => {
        const g = await getGroupMessage(t, owner, group.groupId);
        expectCountersAddUp(g);
        return g.status === 'completed' ? g : undefined;
      },
      'the broadcast to complete',
      60_000,
    );
    expect(done).toMatchObject({ total_recipients: 16, sent_count: 15, skipped_count: 1, pending_count: 0 });
    const last = await getMessage(t, owner, group.messageIds.at(-1)!);
    expect(last).toMatchObject({ status: 'skipped', attempts: 0, error_details: { code: 'opted_out' } });
    const [recorded] = await optOutsOf(target);
    expect(recorded).toMatchObject({ channel_type: 'sandbox', source: 'keyword', contact_id: ids.at(-1) });

    // One confirmation reaches the opted-out sender, despite the opt-out it confirms.
    const [confirmation] = await waitFor(async () => {
      const sent = await confirmations(target);
      return sent.length === 1 && sent[0].status === 'delivered' ? sent : undefined;
    }, 'the opt-out confirmation to be delivered');
    expect(confirmation.message_body).toMatch(/unsubscribed/i);

    // A second STOP from someone already opted out changes nothing and gets no second reply.
    await inbound(channel, target, 'STOPALL');
    await inboundApplied(2);
    expect(await optOutsOf(target)).toHaveLength(1);

    await inbound(channel, target, 'start');
    await waitFor(async () => ((await optOutsOf(target)).length === 0 ? true : undefined), 'the opt-in');
    const both = await waitFor(async () => {
      const sent = await confirmations(target);
      return sent.length === 2 && sent[1].status === 'delivered' ? sent : undefined;
    }, 'the opt-in confirmation');
    expect(both[1].message_body).toMatch(/subscribed again/i);
    // The STOP and the START are in the audit log, by the system, the address masked.
    const audit = await t.request(
      'GET',
      `/v1/audit-log?filter=resource_id:eq:${recorded.id}&sort=created_at:asc`,
      as(owner),
    );
    expect(audit.body.items.map((e: any) => [e.action, e.actor.type, e.changes.address])).toEqual([
      ['opt_out.created', 'system', { to: '••••' }],
      ['opt_out.deleted', 'system', { from: '••••' }],
    ]);
    expect(audit.text).not.toContain(target);

    // Sends resume for that address.
    const again = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: [{ address: target, contactId: ids.at(-1)! }],
    });
    await enqueueBatches(t, owner, channel.id, again);
    await waitFor(async () => {
      const m = await getMessage(t, owner, again.messageIds[0]!);
      return m.status === 'delivered' ? m : undefined;
    }, 'the next broadcast to reach the address again');
    expect((await confirmations(target)).length).toBe(2);
  });

  it('never sends a failed confirmation again by hand: it would reach the opted-out address', async () => {
    const channel = await createSandboxChannel(t, owner);
    const target = '+255714000077';
    await inbound(channel, target, 'STOP');
    const [confirmation] = await waitFor(async () => {
      const sent = await confirmations(target);
      return sent.length === 1 && sent[0].status === 'delivered' ? sent : undefined;
    }, 'the confirmation');
    // As if the provider had refused it for good.
    await env.sql.query(
      `UPDATE messages SET status = 'permanently_failed', failed_at = now() WHERE id = $1`,
      [confirmation.id],
    );
    const retried = await t.request('POST', `/v1/messages/${confirmation.id}/retry`, as(owner));
    expect(retried.status, retried.text).toBe(409);
    expect(retried.body.code).toBe('invalid_state');
    expect((await confirmations(target)).map((m) => m.status)).toEqual(['permanently_failed']);
  });

  it('confirms STOP and START at most once a day each, however often a sender toggles, and only to a phone number', async () => {
    const channel = await createSandboxChannel(t, owner);
    const target = '+255714000001';
    const before = (await t.request('GET', '/v1/messages?filter=direction:eq:inbound', as(owner))).body.total;
    for (const [i, word] of ['STOP', 'START', 'STOP', 'START', 'STOP'].entries()) {
      await inbound(channel, target, word);
      const out = word === 'STOP';
      await waitFor(
        async () => ((await optOutsOf(target)).length === (out ? 1 : 0) ? true : undefined),
        `${word} #${i + 1} applied`,
      );
    }
    // Every keyword changed the registry; the sender got one confirmation of each kind.
    const sent = await confirmations(target);
    expect(sent.map((m) => m.message_body)).toEqual([
      expect.stringMatching(/unsubscribed/i),
      expect.stringMatching(/subscribed again/i),
    ]);
    // A sender that is not a phone number is opted out, and sent nothing.
    await inbound(channel, 'Mallory', 'STOP');
    await inboundApplied(before + 6);
    expect(await optOutsOf('Mallory')).toHaveLength(1);
    expect(await confirmations('Mallory')).toEqual([]);
  });

  it('refuses account keywords that also mean the opposite (422), naming them', async () => {
    const patch = (consent: Record<string, unknown>) =>
      t.request('PATCH', `/v1/accounts/${owner.accountId}`, { ...as(owner), body: { consent } });
    const builtIn = await patch({ opt_out_keywords: ['start'] });
    expect(builtIn.status, builtIn.text).toBe(422);
    expect(builtIn.body.errors).toEqual([
      { path: 'consent.opt_out_keywords', message: '"START" also means the opposite' },
    ]);
    const reverse = await patch({ opt_in_keywords: ['Quit'] });
    expect(reverse.status).toBe(422);
    expect(reverse.body.errors[0].path).toBe('consent.opt_in_keywords');
    const both = await patch({ opt_out_keywords: ['basi'], opt_in_keywords: ['BASI'] });
    expect(both.status).toBe(422);
    expect(
      (await t.request('GET', `/v1/accounts/${owner.accountId}`, as(owner))).body.consent,
    ).not.toMatchObject({
      opt_out_keywords: ['basi'],
    });
  });

  it('matches whole messages in any case and spacing, and the account’s own words in other languages', async () => {
    const channel = await createSandboxChannel(t, owner);
    const patched = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
      ...as(owner),
      body: {
        consent: {
          opt_out_keywords: ['acha', 'ARRÊT', 'አቁም'],
          opt_in_keywords: ['anza'],
          opt_out_reply: '',
        },
      },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.consent).toMatchObject({
      opt_out_keywords: ['acha', 'ARRÊT', 'አቁም'],
      opt_out_reply: '',
    });
    const cases: [string, string, boolean][] = [
      ['+255713000001', 'unsubscribe\n', true],
      ['+255713000002', 'Cancel', true],
      ['+255713000003', 'please stop', false],
      ['+255713000004', 'STOP NOW', false],
      ['+255713000005', ' Acha ', true],
      ['+255713000006', 'arrêt', true],
      ['+255713000007', 'አቁም', true],
      ['+255713000008', 'stopping', false],
    ];
    const before = (await t.request('GET', '/v1/messages?filter=direction:eq:inbound', as(owner))).body.total;
    for (const [from, text] of cases) await inbound(channel, from, text);
    await inboundApplied(before + cases.length);
    for (const [from, text, out] of cases) {
      expect((await optOutsOf(from)).length, `${JSON.stringify(text)} from ${from}`).toBe(out ? 1 : 0);
    }
    // An empty reply setting sends no confirmation.
    expect(await confirmations('+255713000005')).toEqual([]);
    // The account's own opt-in word.
    await inbound(channel, '+255713000005', 'ANZA');
    await waitFor(
      async () => ((await optOutsOf('+255713000005')).length === 0 ? true : undefined),
      'the opt-in by the account’s word',
    );
  });

  it('recognises Telegram’s /stop and /start commands, and only there', () => {
    expect(keywordAction('/stop', 'telegram')).toBe('opt_out');
    expect(keywordAction('/stop@AcmeBot', 'telegram')).toBe('opt_out');
    expect(keywordAction('/start', 'telegram')).toBe('opt_in');
    expect(keywordAction('/stop', 'sms')).toBeNull();
    expect(keywordAction('QUIT', 'telegram')).toBe('opt_out');
    expect(keywordAction('end', 'email')).toBe('opt_out');
    expect(keywordAction('UNSTOP', 'whatsapp')).toBe('opt_in');
    expect(keywordAction('', 'sms')).toBeNull();
  });
});
