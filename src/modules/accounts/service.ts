import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { normalizeKeyword, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from '../../consent/keywords.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { accounts, accountUsers, apiKeys, roles } from '../../db/schema/index.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { listRows, type ParsedList, presentPage } from '../../http/list-query.js';
import { DEFAULT_ROLES } from '../roles/permissions.js';
import type {
  Account,
  AccountRateLimit,
  ConsentSettings,
  MemberRemovalSettings,
  QuietHours,
} from './schemas.js';

type AccountRow = typeof accounts.$inferSelect;

/** The account's member-removal settings with their defaults (keep everything running). */
export function memberRemovalSettings(
  stored: Partial<MemberRemovalSettings> | undefined,
): MemberRemovalSettings {
  return {
    pause_schedules: stored?.pause_schedules ?? false,
    cancel_broadcasts: stored?.cancel_broadcasts ?? false,
  };
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    default_country_code: row.defaultCountryCode,
    timezone: row.timezone,
    consent: row.consent,
    quiet_hours: row.quietHours ?? null,
    api_rate_limit: row.apiRateLimit ?? null,
    on_member_removed: memberRemovalSettings(row.onMemberRemoved),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The account's IANA time zone (UTC when it has none). */
export async function accountTimeZone(db: DbOrTx, accountId: string): Promise<string> {
  const [account] = await db
    .select({ timezone: accounts.timezone })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return account?.timezone ?? 'UTC';
}

/** Creates an account with its default roles and makes `ownerUserId` its admin. Call inside a transaction. */
export async function createAccountWithOwner(
  tx: DbOrTx,
  input: { name: string; defaultCountryCode?: string | null; timezone?: string; ownerUserId: string },
): Promise<AccountRow> {
  const [account] = await tx
    .insert(accounts)
    .values({
      name: input.name,
      defaultCountryCode: input.defaultCountryCode ?? null,
      timezone: input.timezone ?? 'UTC',
    })
    .returning();
  if (!account) throw new Error('account insert returned nothing');
  const created = await tx
    .insert(roles)
    .values(DEFAULT_ROLES.map((r) => ({ accountId: account.id, ...r })))
    .returning({ id: roles.id, name: roles.name });
  const admin = created.find((r) => r.name === 'admin');
  if (!admin) throw new Error('admin role missing');
  await tx
    .insert(accountUsers)
    .values({ accountId: account.id, userId: input.ownerUserId, roleId: admin.id });
  return account;
}

/** The ids of the accounts a user belongs to. */
export async function memberAccountIds(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .select({ accountId: accountUsers.accountId })
    .from(accountUsers)
    .where(eq(accountUsers.userId, userId));
  return rows.map((r) => r.accountId);
}

export async function listAccounts(db: DbOrTx, accountIds: string[], parsed: ParsedList) {
  const scope: SQL = accountIds.length > 0 ? inArray(accounts.id, accountIds) : sql`false`;
  const page = await listRows(db, accounts, scope, parsed);
  return presentPage(page, toAccount);
}

export async function getAccount(db: DbOrTx, accountIds: string[], id: string): Promise<AccountRow> {
  if (!accountIds.includes(id)) throw new NotFoundError('Account');
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw new NotFoundError('Account');
  return row;
}

export async function updateAccount(
  db: DbOrTx,
  id: string,
  input: {
    name?: string;
    default_country_code?: string | null;
    timezone?: string;
    consent?: ConsentSettings;
    quiet_hours?: QuietHours | null;
    api_rate_limit?: AccountRateLimit | null;
    on_member_removed?: Partial<MemberRemovalSettings>;
  },
): Promise<AccountRow> {
  if (input.consent) checkKeywords(input.consent);
  const [row] = await db
    .update(accounts)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.default_country_code !== undefined ? { defaultCountryCode: input.default_country_code } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      // Keys not named keep their value: one setting can change without restating the others.
      ...(input.consent !== undefined
        ? { consent: sql`${accounts.consent} || ${JSON.stringify(input.consent)}::jsonb` }
        : {}),
      ...(input.quiet_hours !== undefined ? { quietHours: input.quiet_hours } : {}),
      ...(input.api_rate_limit !== undefined ? { apiRateLimit: input.api_rate_limit } : {}),
      ...(input.on_member_removed !== undefined
        ? {
            onMemberRemoved: sql`${accounts.onMemberRemoved} || ${JSON.stringify(input.on_member_removed)}::jsonb`,
          }
        : {}),
      updatedAt: new Date(),
    })
    .where(eq(accounts.id, id))
    .returning();
  if (!row) throw new NotFoundError('Account');
  return row;
}

export async function deleteAccount(db: Db, id: string): Promise<void> {
  // Memberships and api keys reference roles with RESTRICT; drop them first, then the account cascades.
  await db.transaction(async (tx) => {
    await tx.delete(accountUsers).where(eq(accountUsers.accountId, id));
    await tx.delete(apiKeys).where(eq(apiKeys.accountId, id));
    const deleted = await tx.delete(accounts).where(eq(accounts.id, id)).returning({ id: accounts.id });
    if (deleted.length === 0) throw new NotFoundError('Account');
  });
}

/**
 * The account's keywords must not say the opposite of the built-in ones (an opt-out START would opt
 * out everyone who asks to be let back in), nor of each other in the same settings.
 */
function checkKeywords(consent: ConsentSettings): void {
  const errors: { path: string; message: string }[] = [];
  const outs = new Set((consent.opt_out_keywords ?? []).map(normalizeKeyword));
  const ins = new Set((consent.opt_in_keywords ?? []).map(normalizeKeyword));
  for (const [path, words, opposite, builtIn] of [
    ['consent.opt_out_keywords', outs, ins, OPT_IN_KEYWORDS],
    ['consent.opt_in_keywords', ins, outs, OPT_OUT_KEYWORDS],
  ] as const) {
    for (const word of words) {
      if (
        (builtIn as readonly string[]).includes(word) ||
        (path.endsWith('out_keywords') && opposite.has(word))
      )
        errors.push({ path, message: `"${word}" also means the opposite` });
    }
  }
  if (errors.length > 0)
    throw new ValidationError('A consent keyword cannot mean both opt-out and opt-in', errors);
}
