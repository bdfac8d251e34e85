/**
 * The most specific message of an error: drizzle wraps driver errors ("Failed query: ...") and
 * keeps the PostgreSQL error in `cause`, which is the part worth logging.
 */
export function describeError(err: unknown): string {
  let current: unknown = err;
  let message = 'unknown error';
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) message = current.message;
    else if (typeof current === 'string') message = current;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
