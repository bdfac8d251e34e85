import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** A JSON client of a running API (throws on any 4xx/5xx with the body). */
export type BenchApi = (method: string, path: string, token?: string, body?: unknown) => Promise<any>;

export function benchApi(base: string): BenchApi {
  return async (method, path, token, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/**
 * Signs up (verification off in bench environments), signs in, and makes a sandbox channel
 * (delay 0, delivers) and a contact group of `size` seeded contacts (`+2519…`, first name `N<i>`).
 */
export async function benchAudience(api: BenchApi, db: pg.Client, size: number) {
  const email = `bench-${randomBytes(3).toString('hex')}@example.com`;
  const registered = await api('POST', '/v1/auth/register', undefined, {
    email,
    password: 'benchmark password',
    account_name: 'Bench',
  });
  const { access_token: token } = await api('POST', '/v1/auth/login', undefined, {
    email,
    password: 'benchmark password',
  });
  const accountId = registered.account.id as string;
  const channel = await api('POST', '/v1/channels', token, {
    name: 'Sandbox',
    channel_type: 'sandbox',
    config: { delay_ms: 0, failure_rate: 0, deliver: true },
  });
  const group = await api('POST', '/v1/contact-groups', token, { name: 'Everyone' });
  await db.query(
    `INSERT INTO contacts (account_id, phone, first_name)
     SELECT $1, '+2519' || lpad(i::text, 8, '0'), 'N' || i FROM generate_series(1, $2::int) i`,
    [accountId, size],
  );
  await db.query(
    `INSERT INTO contact_group_members (group_id, contact_id, account_id)
     SELECT $1, id, $2 FROM contacts WHERE account_id = $2`,
    [group.id, accountId],
  );
  await db.query('VACUUM ANALYZE contacts');
  await db.query('VACUUM ANALYZE contact_group_members');
  return { token: token as string, accountId, channelId: channel.id as string, groupId: group.id as string };
}
