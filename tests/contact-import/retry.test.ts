import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { importCsv } from './helpers.js';

let t: TestContext;
let worker: RunningWorker;
let owner: Session;
let sql: pg.Client;

const ROWS = 2500;
const phoneOf = (i: number) => `+2519110${String(10000 + i).padStart(5, '0')}`;
// In the second batch of 1,000 rows: the first batch is committed when the crash comes.
const CRASH_PHONE = phoneOf(1500);

beforeAll(async () => {
  t = await setupTestApp();
  worker = await ROLE_STARTERS['contact-import'](t.runtime);
  owner = await signUp(t);
  sql = new pg.Client({ connectionString: t.databaseUrl });
  await sql.connect();
  // A real failure inside PostgreSQL, once: the batch holding CRASH_PHONE aborts on the first try.
  // A sequence, because nextval survives the rollback that undoes everything else of that batch.
  await sql.query(`
    CREATE SEQUENCE import_crash_seq;
    CREATE FUNCTION import_crash_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.phone = '${CRASH_PHONE}' AND nextval('import_crash_seq') = 1 THEN
        RAISE EXCEPTION 'simulated crash in the middle of an import';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER import_crash BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION import_crash_once();`);
});
afterAll(async () => {
  await sql?.end();
  await worker?.close();
  await t?.close();
});

describe('an import retried after a crash', () => {
  it('resumes after the last committed batch without losing or double-counting rows', async () => {
    const lines = ['phone,name,note'];
    for (let i = 0; i < ROWS; i++) lines.push(`${phoneOf(i)},Contact ${i},café ${i}`);
    const done = await importCsv(t, owner, `${lines.join('\n')}\n`);

    // The crash happened, and the retry went past it.
    const fired = await sql.query('SELECT last_value FROM import_crash_seq');
    expect(Number(fired.rows[0].last_value)).toBe(2);
    expect(t.logLines.some((l) => l.includes('contact import job failed'))).toBe(true);

    expect(done).toMatchObject({
      status: 'completed',
      total_rows: ROWS,
      imported: ROWS,
      updated: 0,
      failed: 0,
    });
    const contacts = await t.request('GET', '/v1/contacts?page_size=1', {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(contacts.body.total).toBe(ROWS);
    const [crashed] = (
      await t.request('GET', `/v1/contacts?filter=${encodeURIComponent(`phone:eq:${CRASH_PHONE}`)}`, {
        token: owner.token,
        accountId: owner.accountId,
      })
    ).body.items;
    expect(crashed).toMatchObject({ name: 'Contact 1500', attributes: { note: 'café 1500' } });

    // The stored upload is gone once the import is finished.
    const chunks = await sql.query('SELECT count(*)::int AS n FROM contact_import_chunks');
    expect(chunks.rows[0].n).toBe(0);
  });
});
