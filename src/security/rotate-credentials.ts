import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { openChannelCredentials, sealChannelCredentials } from '../modules/channels/channel-credentials.js';
import { credentialsKeyId } from './credentials.js';

export type RotationReport = { rotated: number; alreadyCurrent: number; unreadable: string[] };

const PAGE = 200;

/**
 * Re-encrypts every channel's credentials sealed with an earlier key under the current key. Each
 * channel is one conditional update (only if its ciphertext is still the one read), so the run can be
 * stopped and started again at any time, and a channel changed meanwhile is left as its writer left
 * it. Channels whose credentials no known key opens are listed, never changed.
 */
export async function rotateCredentials(
  db: Db,
  keys: { current: Buffer; previous: readonly Buffer[] },
): Promise<RotationReport> {
  const currentId = credentialsKeyId(keys.current);
  const report: RotationReport = { rotated: 0, alreadyCurrent: 0, unreadable: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await db.execute<{ id: string; ciphertext: string; key_id: string }>(sql`
      SELECT id, credentials_ciphertext AS ciphertext, credentials_key_id AS key_id FROM channels
      WHERE id > ${after}::uuid AND credentials_ciphertext IS NOT NULL
      ORDER BY id LIMIT ${PAGE}`);
    for (const row of page.rows) {
      after = row.id;
      if (row.key_id === currentId) {
        report.alreadyCurrent += 1;
        continue;
      }
      let plain: Record<string, unknown>;
      try {
        plain = openChannelCredentials(
          { id: row.id, credentialsCiphertext: row.ciphertext, credentialsKeyId: row.key_id },
          [keys.current, ...keys.previous],
        );
      } catch {
        report.unreadable.push(row.id);
        continue;
      }
      const sealed = sealChannelCredentials(row.id, plain, keys.current);
      const updated = await db.execute(sql`
        UPDATE channels SET credentials_ciphertext = ${sealed.credentialsCiphertext},
          credentials_key_id = ${sealed.credentialsKeyId}, updated_at = now()
        WHERE id = ${row.id}::uuid AND credentials_ciphertext = ${row.ciphertext}`);
      if ((updated.rowCount ?? 0) > 0) report.rotated += 1;
    }
    if (page.rows.length < PAGE) return report;
  }
}
