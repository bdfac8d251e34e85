import { createHmac, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { auditUserAccounts } from '../../audit/record-audit.js';
import type { Config } from '../../config.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { emailCodes, refreshTokens, users } from '../../db/schema/index.js';
import { uuidv7 } from '../../db/uuidv7.js';
import { ForbiddenError, RateLimitedError, UnauthorizedError, ValidationError } from '../../errors.js';
import type { Mailer } from '../../mail/mailer.js';
import type { Logger } from '../../observability/logger.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../security/passwords.js';
import type { Throttle, ThrottleRule } from '../../security/throttle.js';
import { constantTimeEqual, randomCode, randomToken, sha256Hex } from '../../security/tokens.js';
import type { Account } from '../accounts/schemas.js';
import { createAccountWithOwner, toAccount } from '../accounts/service.js';
import { signAccessToken } from './access-token.js';

export const CODE_TTL_MS = 15 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
/**
 * Failed logins before 429. An email is locked only for the client that failed on it (so a stranger
 * cannot lock the owner out by guessing from elsewhere); a client is locked across emails (password
 * spraying); and an email failing from very many clients at once (a distributed guess) is locked for
 * everyone, far above what a person mistyping would ever reach.
 */
export const LOGIN_FAILURES_PER_EMAIL_AND_CLIENT: ThrottleRule = { limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_FAILURES_PER_CLIENT: ThrottleRule = { limit: 30, windowSeconds: 15 * 60 };
export const LOGIN_FAILURES_PER_EMAIL: ThrottleRule = { limit: 100, windowSeconds: 60 * 60 };
/**
 * Wrong codes per email address and day, whatever the purpose. Each code dies after 5 wrong tries,
 * but new codes can be mailed 5 times per 15 minutes: without this, ~2,400 guesses a day at 10^6.
 */
export const CODE_FAILURES_PER_EMAIL: ThrottleRule = { limit: 20, windowSeconds: 86_400 };
/**
 * Code mails (verification, reset, "you already have an account"): per email address, per client
 * address, and for the whole platform. Further requests are accepted alike but send nothing, so the
 * platform's sender cannot be turned into a mail cannon against one address or against many.
 */
const CODE_MAILS_PER_EMAIL: ThrottleRule = { limit: 5, windowSeconds: 15 * 60 };
const CODE_MAILS_PER_CLIENT: ThrottleRule = { limit: 20, windowSeconds: 15 * 60 };
const CODE_MAILS_GLOBAL: ThrottleRule = { limit: 2_000, windowSeconds: 15 * 60 };

export type AuthDeps = { db: Db; config: Config; mailer: Mailer; throttle: Throttle; logger: Logger };
type CodePurpose = 'verify_email' | 'reset_password';
type UserRow = typeof users.$inferSelect;

export function toUser(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    email_verified: row.emailVerified,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();
const emailKey = (email: string) => sha256Hex(normalizeEmail(email)).slice(0, 32);

// Codes are only 6 digits: keyed with the server secret so a database dump cannot brute-force them offline.
function hashCode(secret: string, userId: string, code: string): string {
  return createHmac('sha256', secret).update(`${userId}:${code}`).digest('hex');
}

async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`);
  return row;
}

/** Takes a slot of every code-mail limit; false (and a log line) when any is used up. */
async function mayMail(deps: AuthDeps, email: string, client: string, purpose: string): Promise<boolean> {
  const counts = await Promise.all([
    deps.throttle.hit(`code-mail:${emailKey(email)}`, CODE_MAILS_PER_EMAIL),
    deps.throttle.hit(`code-mail-client:${client}`, CODE_MAILS_PER_CLIENT),
    deps.throttle.hit('code-mail-global', CODE_MAILS_GLOBAL),
  ]);
  const over =
    counts[0] > CODE_MAILS_PER_EMAIL.limit ||
    counts[1] > CODE_MAILS_PER_CLIENT.limit ||
    counts[2] > CODE_MAILS_GLOBAL.limit;
  if (over) deps.logger.warn({ purpose }, 'code mail throttled');
  return !over;
}

async function issueCode(deps: AuthDeps, user: UserRow, purpose: CodePurpose, client: string): Promise<void> {
  if (!(await mayMail(deps, user.email, client, purpose))) return;
  const code = randomCode();
  await deps.db.transaction(async (tx) => {
    // A new code replaces every earlier one of the same purpose.
    await tx
      .update(emailCodes)
      .set({ consumedAt: new Date() })
      .where(
        and(eq(emailCodes.userId, user.id), eq(emailCodes.purpose, purpose), isNull(emailCodes.consumedAt)),
      );
    await tx.insert(emailCodes).values({
      userId: user.id,
      purpose,
      codeHash: hashCode(deps.config.jwtSecret, user.id, code),
      expiresAt: new Date(Date.now() + CODE_TTL_MS),
    });
  });
  const minutes = CODE_TTL_MS / 60_000;
  const mail =
    purpose === 'verify_email'
      ? {
          subject: 'Your Turumba verification code',
          text: `Your verification code is ${code}. It expires in ${minutes} minutes.`,
        }
      : {
          subject: 'Reset your Turumba password',
          text: `Your password reset code is ${code}. It expires in ${minutes} minutes. If you did not ask for it, ignore this mail.`,
        };
  await deps.mailer.send({ to: user.email, ...mail });
}

/**
 * Checks a mailed code. Every guess, right or wrong, first takes a slot of the address's daily
 * allowance of wrong codes (an unknown address too, so it answers alike), then claims one of the
 * code's attempts with a conditional update, so parallel guesses cannot test more than
 * CODE_MAX_ATTEMPTS values; past the limit or its expiry the code is dead and a new one must be
 * requested. The right code clears the allowance.
 */
async function consumeCode(
  deps: AuthDeps,
  email: string,
  user: UserRow | undefined,
  purpose: CodePurpose,
  code: string,
): Promise<void> {
  const failures = `code-check:${emailKey(email)}`;
  const blocked = await deps.throttle.acquire(failures, CODE_FAILURES_PER_EMAIL);
  if (blocked > 0) throw new RateLimitedError('Too many wrong codes; try again later', blocked);
  await checkCode(deps, user, purpose, code);
  await deps.throttle.reset(failures);
}

async function checkCode(
  deps: AuthDeps,
  user: UserRow | undefined,
  purpose: CodePurpose,
  code: string,
): Promise<void> {
  const invalid = () =>
    new ValidationError(
      'The code is invalid or has expired',
      [{ path: 'code', message: 'invalid or expired' }],
      'invalid_code',
    );
  if (!user) throw invalid();
  const [row] = await deps.db
    .select({ id: emailCodes.id, codeHash: emailCodes.codeHash })
    .from(emailCodes)
    .where(
      and(eq(emailCodes.userId, user.id), eq(emailCodes.purpose, purpose), isNull(emailCodes.consumedAt)),
    )
    .orderBy(desc(emailCodes.createdAt))
    .limit(1);
  if (!row) throw invalid();
  const claimed = await deps.db
    .update(emailCodes)
    .set({ attempts: sql`${emailCodes.attempts} + 1` })
    .where(
      and(
        eq(emailCodes.id, row.id),
        isNull(emailCodes.consumedAt),
        lt(emailCodes.attempts, CODE_MAX_ATTEMPTS),
        gt(emailCodes.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: emailCodes.id });
  if (claimed.length === 0) throw invalid();
  if (!constantTimeEqual(row.codeHash, hashCode(deps.config.jwtSecret, user.id, code))) throw invalid();
  const consumed = await deps.db
    .update(emailCodes)
    .set({ consumedAt: new Date() })
    .where(and(eq(emailCodes.id, row.id), isNull(emailCodes.consumedAt)))
    .returning({ id: emailCodes.id });
  if (consumed.length === 0) throw invalid();
}

/**
 * Registers a user with a new account. A taken address is answered exactly like a new one (same
 * status, same shape, same time: the password is hashed either way, and the mail goes out after the
 * answer), and its owner gets a "you already have an account" mail instead of a code, so the response
 * never tells a stranger who is registered.
 */
export async function register(
  deps: AuthDeps,
  input: { email: string; password: string; name?: string | undefined; account_name: string },
  client: string,
) {
  const passwordHash = await hashPassword(input.password);
  const verified = !deps.config.requireEmailVerification;
  let result: { user: UserRow; account: Awaited<ReturnType<typeof createAccountWithOwner>> };
  try {
    result = await deps.db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email.trim(),
          name: input.name ?? null,
          passwordHash,
          emailVerified: verified,
          emailVerifiedAt: verified ? new Date() : null,
        })
        .returning();
      if (!user) throw new Error('user insert returned nothing');
      const account = await createAccountWithOwner(tx, { name: input.account_name, ownerUserId: user.id });
      return { user, account };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    deps.mailer.later(
      'already_registered',
      () => mailAlreadyRegistered(deps, input.email, client),
      emailKey(input.email),
    );
    return lookalikeRegistration(input);
  }
  if (!verified) {
    const user = result.user;
    deps.mailer.later(
      'verify_email',
      () => issueCode(deps, user, 'verify_email', client),
      emailKey(input.email),
    );
  }
  return { user: toUser(result.user), account: toAccount(result.account) };
}

/** The answer a new registration would get, for an address that is taken (nothing is stored). */
function lookalikeRegistration(input: { email: string; name?: string | undefined; account_name: string }) {
  const now = new Date().toISOString();
  return {
    user: {
      id: uuidv7(),
      email: input.email.trim(),
      name: input.name ?? null,
      email_verified: false,
      created_at: now,
      updated_at: now,
    },
    // Field for field what toAccount() makes of a new account row (ids time-ordered like real ones).
    account: {
      id: uuidv7(),
      name: input.account_name,
      default_country_code: null,
      timezone: 'UTC',
      consent: {},
      quiet_hours: null,
      api_rate_limit: null,
      on_member_removed: { pause_schedules: false, cancel_broadcasts: false },
      created_at: now,
      updated_at: now,
    } satisfies Required<Account>,
  };
}

async function mailAlreadyRegistered(deps: AuthDeps, email: string, client: string): Promise<void> {
  const user = await findUserByEmail(deps.db, email);
  if (!user || !(await mayMail(deps, user.email, client, 'already_registered'))) return;
  await deps.mailer.send({
    to: user.email,
    subject: 'You already have a Turumba account',
    text: 'Someone (maybe you) tried to sign up to Turumba with this address, which already has an account. Sign in instead; if you forgot your password, use "Forgot password". If it was not you, you can ignore this mail.',
  });
}

export async function verifyEmail(deps: AuthDeps, input: { email: string; code: string }) {
  const user = await findUserByEmail(deps.db, input.email);
  // No shortcut for an already verified user: answering 200 to any code would tell strangers who is
  // registered and hand them the user's id and name. Without a live code this answers 422 like a wrong code.
  await consumeCode(deps, input.email, user, 'verify_email', input.code);
  const [updated] = await deps.db
    .update(users)
    .set({ emailVerified: true, emailVerifiedAt: new Date(), updatedAt: new Date() })
    .where(eq(users.id, user!.id))
    .returning();
  return { user: toUser(updated!) };
}

/** Mails a new verification code to an unverified address; answered alike for any address. */
export async function resendVerification(deps: AuthDeps, email: string, client: string): Promise<void> {
  deps.mailer.later(
    'verify_email',
    async () => {
      const user = await findUserByEmail(deps.db, email);
      if (user && !user.emailVerified) await issueCode(deps, user, 'verify_email', client);
    },
    emailKey(email),
  );
}

async function issueTokens(deps: AuthDeps, userId: string, familyId: string, tx: DbOrTx = deps.db) {
  const refreshToken = `rt_${randomToken(32)}`;
  await tx.insert(refreshTokens).values({
    userId,
    familyId,
    tokenHash: sha256Hex(refreshToken),
    expiresAt: new Date(Date.now() + deps.config.refreshTokenTtlSeconds * 1000),
  });
  const accessToken = await signAccessToken(
    deps.config.jwtSecret,
    userId,
    familyId,
    deps.config.accessTokenTtlSeconds,
  );
  return {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: 'Bearer' as const,
    expires_in: deps.config.accessTokenTtlSeconds,
  };
}

/**
 * Signs a user in. Each attempt first takes a slot of every limit (the email from this client, the
 * client, the email from anywhere) atomically, so guesses sent in parallel cannot all pass a check
 * made before any of them failed; a wrong password keeps its slots, anything else gives them back.
 */
export async function login(
  deps: AuthDeps,
  input: { email: string; password: string },
  clientAddress: string,
  userAgent?: string,
) {
  const client = { ip: clientAddress, userAgent };
  const limits: [string, ThrottleRule][] = [
    [`login:email-client:${emailKey(input.email)}:${clientAddress}`, LOGIN_FAILURES_PER_EMAIL_AND_CLIENT],
    [`login:client:${clientAddress}`, LOGIN_FAILURES_PER_CLIENT],
    [`login:email:${emailKey(input.email)}`, LOGIN_FAILURES_PER_EMAIL],
  ];
  const taken: string[] = [];
  for (const [name, rule] of limits) {
    const blocked = await deps.throttle.acquire(name, rule);
    if (blocked > 0) {
      await Promise.all(taken.map((n) => deps.throttle.release(n)));
      throw new RateLimitedError('Too many failed logins; try again later', blocked);
    }
    taken.push(name);
  }

  const user = await findUserByEmail(deps.db, input.email);
  let valid = false;
  if (user) valid = await verifyPassword(user.passwordHash, input.password);
  else await burnPasswordCheck(input.password);
  if (!user || !valid) {
    // Seen by the admins of the accounts the user belongs to (an unknown email has none).
    if (user) {
      await auditUserAccounts(deps.db, user.id, {
        action: 'user.login_failed',
        resourceType: 'user',
        resourceId: user.id,
        client,
      });
    }
    throw new UnauthorizedError('Invalid email or password', 'invalid_credentials');
  }
  // The right password: this attempt was no failure, and the email's earlier ones are forgiven.
  await Promise.all(taken.map((n) => deps.throttle.release(n)));
  if (deps.config.requireEmailVerification && !user.emailVerified) {
    throw new ForbiddenError('Verify your email address first', 'email_not_verified');
  }
  await Promise.all([deps.throttle.reset(taken[0]!), deps.throttle.reset(taken[2]!)]);
  return deps.db.transaction(async (tx) => {
    const pair = await issueTokens(deps, user.id, randomUUID(), tx);
    await auditUserAccounts(tx, user.id, {
      action: 'user.login',
      resourceType: 'user',
      resourceId: user.id,
      client,
    });
    return pair;
  });
}

/** Rotates a refresh token. Presenting a token that was already rotated revokes its whole family. */
export async function refresh(deps: AuthDeps, token: string) {
  const invalid = () => new UnauthorizedError('Invalid or expired refresh token', 'invalid_refresh_token');
  const [row] = await deps.db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256Hex(token)));
  if (!row || row.revokedAt) throw invalid();
  if (row.usedAt) {
    await revokeFamily(deps.db, row.familyId);
    deps.logger.warn({ user_id: row.userId }, 'refresh token reuse detected; family revoked');
    throw new UnauthorizedError('Refresh token reuse detected; sign in again', 'refresh_token_reused');
  }
  if (row.expiresAt.getTime() <= Date.now()) throw invalid();
  return deps.db.transaction(async (tx) => {
    const claimed = await tx
      .update(refreshTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    if (claimed.length === 0) {
      // A concurrent rotation won the race: the same token was presented twice.
      await revokeFamily(tx, row.familyId);
      throw new UnauthorizedError('Refresh token reuse detected; sign in again', 'refresh_token_reused');
    }
    return issueTokens(deps, row.userId, row.familyId, tx);
  });
}

async function revokeFamily(db: DbOrTx, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function logout(deps: AuthDeps, token: string): Promise<void> {
  const [row] = await deps.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256Hex(token)));
  if (row) await revokeFamily(deps.db, row.familyId);
}

/** Mails a password reset code to a registered address; answered alike (and at once) for any address. */
export async function forgotPassword(deps: AuthDeps, email: string, client: string): Promise<void> {
  deps.mailer.later(
    'reset_password',
    async () => {
      const user = await findUserByEmail(deps.db, email);
      if (user) await issueCode(deps, user, 'reset_password', client);
    },
    emailKey(email),
  );
}

export async function resetPassword(
  deps: AuthDeps,
  input: { email: string; code: string; new_password: string },
) {
  const user = await findUserByEmail(deps.db, input.email);
  await consumeCode(deps, input.email, user, 'reset_password', input.code);
  const passwordHash = await hashPassword(input.new_password);
  await deps.db.transaction(async (tx) => {
    // The code proves the mailbox, so the address counts as verified too.
    await tx
      .update(users)
      .set({
        passwordHash,
        emailVerified: true,
        emailVerifiedAt: user!.emailVerifiedAt ?? new Date(),
        updatedAt: new Date(),
      })
      .where(eq(users.id, user!.id));
    await tx
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.userId, user!.id), isNull(refreshTokens.revokedAt)));
  });
  await deps.throttle.reset(`login:email:${emailKey(input.email)}`);
  await deps.throttle.resetMatching(`login:email-client:${emailKey(input.email)}:`);
}

/**
 * Changes a signed-in user's password (the current one is required), ends every session of the user
 * (their access tokens stop working at once) and opens a new one for the caller.
 */
export async function changePassword(
  deps: AuthDeps,
  userId: string,
  input: { current_password: string; new_password: string },
) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.current_password))) {
    throw new ValidationError(
      'The current password is not right',
      [{ path: 'current_password', message: 'is not right' }],
      'wrong_password',
    );
  }
  const passwordHash = await hashPassword(input.new_password);
  return deps.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    await tx
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    return issueTokens(deps, userId, randomUUID(), tx);
  });
}

/** Signs a user out everywhere: revokes every refresh token of the user, and so every access token. */
export async function revokeAllSessions(deps: AuthDeps, userId: string): Promise<void> {
  await deps.db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
