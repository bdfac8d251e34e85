import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect } from 'vitest';
import type { Session } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const alnum = (length: number) =>
  randomBytes(length * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length);

export type ChannelSpec = {
  channel_type: string;
  provider: string;
  credentials: Record<string, unknown>;
  config: Record<string, unknown>;
  /** The credential values that are secrets: none may appear in any response, log or dump. */
  secrets: string[];
};

/** Valid, freshly random settings for a channel of every type and provider. */
export function validChannelSpecs(): ChannelSpec[] {
  const twilioToken = hex(16);
  const atKey = `atsk_${hex(32)}`;
  const vonageSecret = `Vs${alnum(14)}`;
  const vonageSignature = `sig_${alnum(30)}`;
  const birdKey = `live_${alnum(25)}`;
  const smppPassword = `smpp-${alnum(12)}`;
  const botToken = `123456789:AA${alnum(33)}`;
  const waToken = `EAAG${alnum(60)}`;
  const waAppSecret = hex(16);
  const msToken = `EAAB${alnum(60)}`;
  const msAppSecret = hex(16);
  const msVerify = `verify-${alnum(16)}`;
  const smtpPass = `smtp-${alnum(20)}`;
  const imapPass = `imap-${alnum(20)}`;
  return [
    {
      channel_type: 'sms',
      provider: 'twilio',
      credentials: { account_sid: `AC${hex(16)}`, auth_token: twilioToken },
      config: { from: '+15005550006' },
      secrets: [twilioToken],
    },
    {
      channel_type: 'sms',
      provider: 'africastalking',
      credentials: { username: 'sandbox', api_key: atKey },
      config: { sender_id: 'TURUMBA' },
      secrets: [atKey],
    },
    {
      channel_type: 'sms',
      provider: 'vonage',
      credentials: { api_key: hex(4), api_secret: vonageSecret, signature_secret: vonageSignature },
      config: { from: 'Turumba' },
      secrets: [vonageSecret, vonageSignature],
    },
    {
      channel_type: 'sms',
      provider: 'messagebird',
      credentials: { access_key: birdKey },
      config: { originator: '+31970102030' },
      secrets: [birdKey],
    },
    {
      channel_type: 'smpp',
      provider: 'smpp',
      credentials: {
        host: 'smsc.example.net',
        port: 2775,
        system_id: 'turumba',
        password: smppPassword,
        system_type: 'VMA',
      },
      config: { source_addr: 'TURUMBA' },
      secrets: [smppPassword],
    },
    {
      channel_type: 'telegram',
      provider: 'telegram',
      credentials: { bot_token: botToken },
      config: {},
      secrets: [botToken],
    },
    {
      channel_type: 'whatsapp',
      provider: 'whatsapp',
      credentials: {
        access_token: waToken,
        phone_number_id: '106540352242922',
        business_account_id: '102290129340398',
        app_secret: waAppSecret,
      },
      config: { api_version: 'v20.0' },
      secrets: [waToken, waAppSecret],
    },
    {
      channel_type: 'messenger',
      provider: 'messenger',
      credentials: { page_access_token: msToken, app_secret: msAppSecret, verify_token: msVerify },
      config: {},
      secrets: [msToken, msAppSecret, msVerify],
    },
    {
      channel_type: 'email',
      provider: 'email',
      credentials: {
        smtp_host: 'smtp.example.com',
        smtp_port: 587,
        smtp_user: 'mailer@example.com',
        smtp_pass: smtpPass,
        imap_host: 'imap.example.com',
        imap_port: 993,
        imap_user: 'mailer@example.com',
        imap_pass: imapPass,
      },
      config: { from_address: 'news@example.com' },
      secrets: [smtpPass, imapPass],
    },
    { channel_type: 'sandbox', provider: 'sandbox', credentials: {}, config: {}, secrets: [] },
  ];
}

/** The valid spec of one provider. */
export function specFor(provider: string): ChannelSpec {
  const spec = validChannelSpecs().find((s) => s.provider === provider);
  if (!spec) throw new Error(`no spec for ${provider}`);
  return spec;
}

/** Creates a channel through the API and returns its body. */
export async function createChannel(
  t: TestContext,
  owner: Session,
  spec: ChannelSpec,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const res = await t.request('POST', '/v1/channels', {
    token: owner.token,
    accountId: owner.accountId,
    body: {
      name: `${spec.provider} channel`,
      channel_type: spec.channel_type,
      provider: spec.provider,
      credentials: spec.credentials,
      config: spec.config,
      ...extra,
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Reads one channel row straight from this file's database (what an attacker with a dump would see). */
export async function readChannelRow(t: TestContext, id: string): Promise<Record<string, any>> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT * FROM channels WHERE id = $1', [id]);
    if (!rows[0]) throw new Error(`no channel row ${id}`);
    return rows[0];
  } finally {
    await client.end();
  }
}
