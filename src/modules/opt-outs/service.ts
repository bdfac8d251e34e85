import { parse } from 'csv-parse';
import { and, eq, sql } from 'drizzle-orm';
import { audited, deleteAudited, resourceAuditor } from '../../audit/record-audit.js';
import { CHANNEL_TYPES } from '../../db/schema/channels.js';
import { accounts, optOuts } from '../../db/schema/index.js';
import { OPT_OUT_SOURCES } from '../../db/schema/webhooks.js';
import { BadRequestError, ConflictError, ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { type ListSpec, listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import { iso } from '../../http/openapi.js';
import { ADDRESS_COLUMN, type ChannelType, parseAddress } from '../../messages/address.js';
import type { OptOut, OptOutCreate } from './schemas.js';

type OptOutRow = typeof optOuts.$inferSelect;
type Source = (typeof OPT_OUT_SOURCES)[number];

export const optOutList: ListSpec = {
  fields: {
    id: { type: 'uuid', column: optOuts.id },
    channel_type: { type: 'enum', column: optOuts.channelType, values: CHANNEL_TYPES },
    address: { type: 'text', column: optOuts.address },
    contact_id: { type: 'uuid', column: optOuts.contactId },
    source: { type: 'enum', column: optOuts.source, values: OPT_OUT_SOURCES },
    created_at: { type: 'timestamp', column: optOuts.createdAt },
  },
  defaultSort: { field: 'created_at', direction: 'desc' },
  tieBreaker: optOuts.id,
};

export function toOptOut(row: OptOutRow): OptOut {
  return {
    id: row.id,
    channel_type: row.channelType as OptOut['channel_type'],
    address: row.address,
    contact_id: row.contactId,
    source: row.source,
    reason: row.reason,
    created_at: iso(row.createdAt)!,
  };
}

// The address is personal data: the audit log records that it was set, never its value.
const AUDITED_FIELDS = ['channel_type', 'address', 'contact_id', 'source', 'reason'] as const;
const optOutAudit = resourceAuditor('opt_out', toOptOut, AUDITED_FIELDS, ['address', 'reason']);

export async function listOptOuts(ctx: OpContext, parsed: ParsedList) {
  return presentPage(await listRows(ctx.db, optOuts, eq(optOuts.accountId, ctx.accountId), parsed), toOptOut);
}

async function defaultCountry(ctx: OpContext): Promise<string | null> {
  const [account] = await ctx.db
    .select({ country: accounts.defaultCountryCode })
    .from(accounts)
    .where(eq(accounts.id, ctx.accountId));
  return account?.country ?? null;
}

/** Rows to insert, keyed by channel type and canonical address; the contact linked in SQL. */
type Entry = { channel_type: ChannelType; address: string; reason: string | null };

/**
 * Inserts opt-outs (one per account, channel type and address), each linked to the account's contact
 * with that address, in one statement. Returns the rows inserted (an address already opted out is
 * left as it was recorded first).
 */
export async function insertOptOuts(ctx: OpContext, entries: Entry[], source: Source): Promise<OptOutRow[]> {
  if (entries.length === 0) return [];
  // Matched the way the contacts' unique indexes hold addresses (emails as lower(email)).
  const linked = CHANNEL_TYPES.map((type) => {
    const column = sql`c.${sql.identifier(ADDRESS_COLUMN[type])}`;
    const stored = ADDRESS_COLUMN[type] === 'email' ? sql`lower(${column})` : column;
    return sql`WHEN ${type} THEN (SELECT c.id FROM contacts c
      WHERE c.account_id = ${ctx.accountId}::uuid AND ${stored} = e.address LIMIT 1)`;
  });
  const inserted = await ctx.db.execute<Record<string, unknown>>(sql`
    INSERT INTO opt_outs (account_id, channel_type, address, contact_id, source, reason)
    SELECT ${ctx.accountId}::uuid, e.channel_type, e.address, CASE e.channel_type ${sql.join(linked, sql` `)} END,
      ${source}, e.reason
    FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) AS e(channel_type text, address text, reason text)
    ON CONFLICT (account_id, channel_type, address) DO NOTHING
    RETURNING id, channel_type, address, contact_id, source, reason, created_at`);
  return inserted.rows.map((r) => ({
    id: r.id as string,
    accountId: ctx.accountId,
    channelType: r.channel_type as string,
    address: r.address as string,
    contactId: (r.contact_id as string | null) ?? null,
    source: r.source as Source,
    reason: (r.reason as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
  }));
}

/** Records an opt-out by hand (source `api`); 409 when the address is already opted out. */
export async function createOptOut(ctx: OpContext, input: OptOutCreate): Promise<OptOutRow> {
  const parsed = parseAddress(input.address, input.channel_type, await defaultCountry(ctx));
  if (!parsed.ok) {
    throw new ValidationError(`address ${parsed.message}`, [{ path: 'address', message: parsed.message }]);
  }
  const [row] = await audited(
    ctx,
    (tx) =>
      insertOptOuts(
        tx,
        [{ channel_type: input.channel_type, address: parsed.address, reason: input.reason ?? null }],
        'api',
      ),
    ([inserted]) => inserted && optOutAudit('created', undefined, inserted),
  );
  if (!row)
    throw new ConflictError('This address is already opted out on this channel type', 'already_opted_out');
  ctx.logger.info({ opt_out_id: row.id, channel_type: row.channelType }, 'opt-out recorded');
  return row;
}

/** Removes an opt-out: the address may be sent to again (the user opted back in). */
export async function deleteOptOut(ctx: OpContext, id: string): Promise<void> {
  await deleteAudited(ctx, 'Opt-out', optOutAudit, (tx) =>
    tx.db
      .delete(optOuts)
      .where(and(eq(optOuts.id, id), eq(optOuts.accountId, ctx.accountId)))
      .returning(),
  );
}

export const CSV_COLUMNS = [
  'channel_type',
  'address',
  'source',
  'reason',
  'contact_id',
  'created_at',
] as const;

// A spreadsheet runs a cell that starts with one of these as a formula; free text gets a quote first.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | null, freeText = false): string {
  if (value === null) return '';
  const safe = freeText && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Every opt-out of the account as CSV (header row first), in pages, oldest first. */
export async function* exportOptOuts(ctx: OpContext): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const rows: OptOutRow[] = await ctx.db
      .select()
      .from(optOuts)
      .where(
        and(
          eq(optOuts.accountId, ctx.accountId),
          after
            ? sql`(${optOuts.createdAt}, ${optOuts.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(optOuts.createdAt, optOuts.id)
      .limit(1000);
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        [
          csvCell(r.channelType),
          csvCell(r.address),
          csvCell(r.source),
          csvCell(r.reason, true),
          csvCell(r.contactId),
          csvCell(r.createdAt.toISOString()),
        ].join(','),
      )
      .map((line) => `${line}\r\n`)
      .join('');
    const last = rows.at(-1)!;
    after = { at: last.createdAt, id: last.id };
    if (rows.length < 1000) return;
  }
}

// The API's body limit (about 25,000 rows); larger registries are imported in several files.
export const MAX_IMPORT_BYTES = 1024 * 1024;
const MAX_REPORTED_ERRORS = 100;
const BATCH = 1000;

/**
 * Records the opt-outs of a CSV (columns `channel_type` and `address`, optional `reason`; others,
 * such as an export's `source` and `created_at`, are ignored), source `import`. An address already
 * opted out keeps its first record; rows that cannot be read are reported with their row number.
 */
export async function importOptOuts(ctx: OpContext, csv: string) {
  const country = await defaultCountry(ctx);
  const records: Record<string, string>[] = [];
  try {
    for await (const record of parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      bom: true,
    })) {
      records.push(record as Record<string, string>);
    }
  } catch (error) {
    throw new BadRequestError(
      `The CSV could not be read: ${(error as Error).message}`,
      undefined,
      'malformed_csv',
    );
  }
  const result = {
    rows: records.length,
    imported: 0,
    already_opted_out: 0,
    failed: 0,
    errors: [] as { row: number; message: string }[],
  };
  const fail = (row: number, message: string) => {
    result.failed += 1;
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ row, message });
  };
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const [i, record] of records.entries()) {
    const row = i + 2; // the header is row 1
    const type = (record.channel_type ?? '').toLowerCase();
    if (!(CHANNEL_TYPES as readonly string[]).includes(type)) {
      fail(row, `channel_type must be one of ${CHANNEL_TYPES.join(', ')}`);
      continue;
    }
    const parsed = parseAddress(record.address ?? '', type as ChannelType, country);
    if (!parsed.ok) {
      fail(row, `address ${parsed.message}`);
      continue;
    }
    const key = `${type}\u0000${parsed.address}`;
    if (seen.has(key)) {
      result.already_opted_out += 1;
      continue;
    }
    seen.add(key);
    const reason = record.reason?.replace(/^'(?=[=+\-@])/, '') || null;
    entries.push({
      channel_type: type as ChannelType,
      address: parsed.address,
      reason: reason?.slice(0, 500) ?? null,
    });
  }
  // One transaction and one audit entry for the whole file, never one per row.
  await audited(
    ctx,
    async (tx) => {
      for (let i = 0; i < entries.length; i += BATCH) {
        const batch = entries.slice(i, i + BATCH);
        const inserted = await insertOptOuts(tx, batch, 'import');
        result.imported += inserted.length;
        result.already_opted_out += batch.length - inserted.length;
      }
    },
    () =>
      result.imported === 0
        ? undefined
        : {
            action: 'opt_out.imported',
            resourceType: 'opt_out',
            changes: { imported: { to: result.imported } },
          },
  );
  ctx.logger.info({ imported: result.imported, failed: result.failed }, 'opt-outs imported');
  return result;
}
