type PgErrorFields = { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };

/** The driver (pg) error behind a query error: drizzle wraps it in `DrizzleQueryError.cause`. */
export function pgError(error: unknown): { code: string; constraint?: string; message: string } | undefined {
  for (let current: unknown = error; current && typeof current === 'object'; ) {
    const fields = current as PgErrorFields;
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) {
      return {
        code: fields.code,
        message: typeof fields.message === 'string' ? fields.message : '',
        ...(typeof fields.constraint === 'string' ? { constraint: fields.constraint } : {}),
      };
    }
    current = fields.cause;
  }
  return undefined;
}

/** True when a write violated a unique index (SQLSTATE 23505), optionally a given one. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error);
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

/** The name of the unique index a write violated, if that is what failed. */
export function violatedUniqueIndex(error: unknown): string | undefined {
  const pg = pgError(error);
  return pg?.code === '23505' ? pg.constraint : undefined;
}

/** True when a write referenced a row that no longer exists (SQLSTATE 23503), e.g. deleted concurrently. */
export function isForeignKeyViolation(error: unknown): boolean {
  return pgError(error)?.code === '23503';
}
