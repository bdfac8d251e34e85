import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/db/uuidv7.js';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import { findContacts, importCsv } from '../contact-import/helpers.js';
import { as, createContact, signUpWithCountry } from '../contacts/support.js';
import type { Session } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The Unix milliseconds in a version 7 id's first 48 bits. */
const millisOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

let t: TestContext;
let owner: Session;
let importer: RunningWorker;
beforeAll(async () => {
  t = await setupTestApp();
  importer = await ROLE_STARTERS['contact-import'](t.runtime);
  owner = await signUpWithCountry(t, 'ET');
});
afterAll(async () => {
  await importer?.close();
  await t.close();
});

describe('time-ordered ids', () => {
  it('makes version 7 ids in the application, ordered by their time', () => {
    const early = uuidv7(Date.UTC(2026, 0, 1));
    const late = uuidv7(Date.UTC(2026, 0, 1) + 1);
    expect(early).toMatch(V7);
    expect(millisOf(early)).toBe(Date.UTC(2026, 0, 1));
    expect(early < late).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(0))).size).toBe(1000);
  });

  it('gives rows made through the API version 7 ids carrying their creation time', async () => {
    const before = Date.now();
    const first = await createContact(t, owner, { phone: '+251911000001' });
    const group = await as(t, owner)('POST', '/v1/contact-groups', { name: 'Ordered' });
    const after = Date.now();
    for (const id of [first.id, group.body.id, owner.accountId]) expect(id).toMatch(V7);
    // The database clock and the test's may differ slightly; seconds apart would mean another scheme.
    expect(millisOf(first.id)).toBeGreaterThan(before - 5_000);
    expect(millisOf(first.id)).toBeLessThan(after + 5_000);
    expect(millisOf(group.body.id)).toBeGreaterThanOrEqual(millisOf(first.id));
  });

  it('gives imported contacts version 7 ids', async () => {
    await importCsv(t, owner, 'phone,first_name\n+251911000101,Abebe\n+251911000102,Kebede\n');
    const imported = await findContacts(t, owner, 'first_name:in:Abebe,Kebede');
    expect(imported).toHaveLength(2);
    for (const contact of imported) expect(contact.id).toMatch(V7);
  });
});
