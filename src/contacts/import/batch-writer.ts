import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { uuidv7 } from '../../db/uuidv7.js';
import { MAX_TAGS } from '../../modules/contacts/fields.js';
import { attributesProblem, type ContactRow, type RowError } from './contact-row.js';
import { resolveGroupIds } from './groups.js';

export type BatchOutcome = { imported: number; updated: number; errors: RowError[] };

/** A contact as the batch leaves it: loaded from the database or created by an earlier row. */
type Draft = {
  id: string;
  isNew: boolean;
  dirty: boolean;
  /** Phone and lowercased email as stored before this batch, to release them before reuse. */
  storedPhone: string | null;
  storedEmail: string | null;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  email: string | null;
  telegram_chat_id: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
};

type StoredContact = Omit<Draft, 'isNew' | 'dirty' | 'storedPhone' | 'storedEmail'>;

const lower = (email: string) => email.toLowerCase();

/** Rows of `query` (drizzle's `execute` result differs between a pool and a transaction only in type). */
async function selectRows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await db.execute(query);
  return result.rows as T[];
}

const STORED_COLUMNS = sql.raw(
  'id, name, first_name, last_name, phone, email, telegram_chat_id, tags, attributes',
);

/**
 * The account's contacts holding a phone or an email of the batch, locked until commit (the merge
 * is computed from them). One unique-index probe per value, by construction: written as one
 * `phone = ANY(...) OR lower(email) = ANY(...)`, the planner, with statistics taken while the
 * account was small, preferred scanning every contact of the account, and an import slowed down
 * as it grew. A LATERAL subquery with FOR UPDATE cannot be flattened, so each probe stays a probe.
 */
async function loadMatches(db: DbOrTx, accountId: string, rows: ContactRow[]): Promise<StoredContact[]> {
  const phones = [...new Set(rows.flatMap((r) => (r.phone ? [r.phone] : [])))];
  const emails = [...new Set(rows.flatMap((r) => (r.email ? [lower(r.email)] : [])))];
  const found = await selectRows<StoredContact>(
    db,
    sql`SELECT c.* FROM unnest(${sql.param(phones)}::text[]) AS k(phone)
        CROSS JOIN LATERAL (
          SELECT ${STORED_COLUMNS} FROM contacts
          WHERE account_id = ${accountId} AND phone = k.phone
          FOR UPDATE
        ) c
        UNION ALL
        SELECT c.* FROM unnest(${sql.param(emails)}::text[]) AS k(email)
        CROSS JOIN LATERAL (
          SELECT ${STORED_COLUMNS} FROM contacts
          WHERE account_id = ${accountId} AND email IS NOT NULL AND lower(email) = k.email
          FOR UPDATE
        ) c`,
  );
  // A contact found by its phone and by its email comes twice.
  return [...new Map(found.map((c) => [c.id, c])).values()];
}

/**
 * Applies rows in file order to the drafts: a row updates the contact with its phone, else the one
 * with its email, else creates one. Later rows see earlier ones, so a duplicate row updates the
 * contact its first occurrence created instead of colliding with it.
 */
function mergeRows(stored: StoredContact[], rows: ContactRow[]) {
  const byPhone = new Map<string, Draft>();
  const byEmail = new Map<string, Draft>();
  const drafts: Draft[] = [];
  const register = (draft: Draft) => {
    drafts.push(draft);
    if (draft.phone) byPhone.set(draft.phone, draft);
    if (draft.email) byEmail.set(lower(draft.email), draft);
  };
  for (const c of stored) {
    register({
      ...c,
      isNew: false,
      dirty: false,
      storedPhone: c.phone,
      storedEmail: c.email && lower(c.email),
    });
  }

  const outcome: BatchOutcome = { imported: 0, updated: 0, errors: [] };
  const memberships: { contactId: string; group: string }[] = [];
  for (const row of rows) {
    const match = (row.phone && byPhone.get(row.phone)) || (row.email && byEmail.get(lower(row.email)));
    let draft: Draft;
    if (match) {
      const emailHolder = row.email ? byEmail.get(lower(row.email)) : undefined;
      if (emailHolder && emailHolder !== match) {
        outcome.errors.push({
          row: row.row,
          message: 'email is used by another contact than the one with this phone',
        });
        continue;
      }
      const tags = [...new Set([...match.tags, ...row.tags])];
      const attributes = { ...match.attributes, ...row.attributes };
      const problem =
        tags.length > MAX_TAGS
          ? `would give the contact more than ${MAX_TAGS} tags`
          : attributesProblem(attributes);
      if (problem) {
        outcome.errors.push({ row: row.row, message: problem });
        continue;
      }
      // A row matched by email may bring a new phone (never one held by another draft: that would
      // have matched first), and a row matched by phone may bring a new email.
      if (row.phone && row.phone !== match.phone) {
        if (match.phone) byPhone.delete(match.phone);
        byPhone.set(row.phone, match);
        match.phone = row.phone;
      }
      // A different spelling of the same address keeps the stored one.
      if (row.email && lower(row.email) !== (match.email && lower(match.email))) {
        if (match.email) byEmail.delete(lower(match.email));
        byEmail.set(lower(row.email), match);
        match.email = row.email;
      }
      match.name = row.name ?? match.name;
      match.first_name = row.firstName ?? match.first_name;
      match.last_name = row.lastName ?? match.last_name;
      match.telegram_chat_id = row.telegramChatId ?? match.telegram_chat_id;
      match.tags = tags;
      match.attributes = attributes;
      match.dirty = true;
      outcome.updated += 1;
      draft = match;
    } else {
      draft = {
        id: uuidv7(),
        isNew: true,
        dirty: true,
        storedPhone: null,
        storedEmail: null,
        name: row.name ?? null,
        first_name: row.firstName ?? null,
        last_name: row.lastName ?? null,
        phone: row.phone ?? null,
        email: row.email ?? null,
        telegram_chat_id: row.telegramChatId ?? null,
        tags: row.tags,
        attributes: row.attributes,
      };
      register(draft);
      outcome.imported += 1;
    }
    for (const group of row.groups) memberships.push({ contactId: draft.id, group });
  }
  return { drafts, outcome, memberships };
}

// `account_id` travels in each record so that the UPDATEs below join on (id, account_id): with the
// account as a constant instead, the planner may scan the whole account as in loadMatches.
const contactJson = (accountId: string) => (d: Draft) =>
  JSON.stringify({
    id: d.id,
    account_id: accountId,
    name: d.name,
    first_name: d.first_name,
    last_name: d.last_name,
    phone: d.phone,
    email: d.email,
    telegram_chat_id: d.telegram_chat_id,
    tags: d.tags,
    attributes: d.attributes,
  });

const RECORD_COLUMNS = sql.raw(
  'r(id uuid, account_id uuid, name text, first_name text, last_name text, phone text, email text, telegram_chat_id text, tags text[], attributes jsonb)',
);

async function writeDrafts(db: DbOrTx, accountId: string, drafts: Draft[]): Promise<void> {
  const updates = drafts.filter((d) => d.dirty && !d.isNew);
  const inserts = drafts.filter((d) => d.isNew);
  const toJson = contactJson(accountId);
  // Unique indexes are checked row by row, so a phone or email moving from one contact to another
  // inside one statement could collide transiently: release every changed value first.
  const releases = updates
    .map((d) => ({
      id: d.id,
      account_id: accountId,
      phone: d.storedPhone !== null && d.storedPhone !== d.phone,
      email: d.storedEmail !== null && d.storedEmail !== (d.email && lower(d.email)),
    }))
    .filter((r) => r.phone || r.email);
  if (releases.length > 0) {
    await db.execute(sql`
      UPDATE contacts AS c SET
        phone = CASE WHEN r.phone THEN NULL ELSE c.phone END,
        email = CASE WHEN r.email THEN NULL ELSE c.email END
      FROM jsonb_to_recordset(${JSON.stringify(releases)}::jsonb) AS r(id uuid, account_id uuid, phone boolean, email boolean)
      WHERE c.id = r.id AND c.account_id = r.account_id`);
  }
  if (updates.length > 0) {
    await db.execute(sql`
      UPDATE contacts AS c SET
        name = r.name, first_name = r.first_name, last_name = r.last_name, phone = r.phone,
        email = r.email, telegram_chat_id = r.telegram_chat_id, tags = r.tags,
        attributes = r.attributes, updated_at = now()
      FROM jsonb_to_recordset(${`[${updates.map(toJson).join(',')}]`}::jsonb) AS ${RECORD_COLUMNS}
      WHERE c.id = r.id AND c.account_id = r.account_id`);
  }
  if (inserts.length > 0) {
    await db.execute(sql`
      INSERT INTO contacts (id, account_id, name, first_name, last_name, phone, email, telegram_chat_id, tags, attributes)
      SELECT r.id, r.account_id, r.name, r.first_name, r.last_name, r.phone, r.email, r.telegram_chat_id,
             r.tags, r.attributes
      FROM jsonb_to_recordset(${`[${inserts.map(toJson).join(',')}]`}::jsonb) AS ${RECORD_COLUMNS}`);
  }
}

async function addMemberships(
  db: DbOrTx,
  accountId: string,
  memberships: { contactId: string; group: string }[],
  groupIds: Map<string, string>,
): Promise<void> {
  if (memberships.length === 0) return;
  await resolveGroupIds(
    db,
    accountId,
    memberships.map((m) => m.group),
    groupIds,
  );
  const pairs = new Map<string, [groupId: string, contactId: string]>();
  for (const { contactId, group } of memberships) {
    const groupId = groupIds.get(group.toLowerCase());
    // Only a group deleted by someone else during this batch is missing: nothing left to join.
    if (groupId) pairs.set(`${groupId}:${contactId}`, [groupId, contactId]);
  }
  const values = [...pairs.values()];
  await db.execute(sql`
    INSERT INTO contact_group_members (group_id, contact_id, account_id)
    SELECT m.group_id, m.contact_id, ${accountId}
    FROM unnest(${sql.param(values.map((v) => v[0]))}::uuid[], ${sql.param(values.map((v) => v[1]))}::uuid[])
      AS m(group_id, contact_id)
    ON CONFLICT DO NOTHING`);
}

/**
 * Upserts one batch of valid rows inside the caller's transaction: by phone, then by email, else a
 * new contact; tags are added, attributes merged, groups created by name and joined.
 * `groupIds` (lowercased name → id) is a cache the caller keeps across batches of one import.
 */
export async function writeContactBatch(
  db: DbOrTx,
  accountId: string,
  rows: ContactRow[],
  groupIds: Map<string, string>,
): Promise<BatchOutcome> {
  if (rows.length === 0) return { imported: 0, updated: 0, errors: [] };
  const stored = await loadMatches(db, accountId, rows);
  const { drafts, outcome, memberships } = mergeRows(stored, rows);
  await writeDrafts(db, accountId, drafts);
  await addMemberships(db, accountId, memberships, groupIds);
  return outcome;
}
