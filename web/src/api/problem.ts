import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { Problem } from './types';

/** An API error answer (problem+json) as thrown by the console's queries and mutations. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Partial<Problem>;

  constructor(status: number, problem: Partial<Problem> | undefined) {
    super(problem?.detail ?? problem?.title ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? {};
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  get fieldErrors(): { path: string; message: string }[] {
    return this.problem.errors ?? [];
  }
}

/**
 * The data of an openapi-fetch result, or throws ApiError. Network failures surface as ApiError
 * with status 0 so error states can offer a retry.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, { detail: 'The server could not be reached. Check the connection and retry.' });
  }
  if (!result.response.ok) {
    const problem = typeof result.error === 'object' && result.error !== null ? result.error : undefined;
    throw new ApiError(result.response.status, problem as Partial<Problem> | undefined);
  }
  return result.data as T;
}

/**
 * Puts problem+json field errors on the form's fields (API paths such as `credentials.auth_token`
 * are the form's own field names). Returns the errors no field took, for a form-level message.
 */
export function applyFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
  rename: Record<string, string> = {},
): string | undefined {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong';
  const leftover: string[] = [];
  for (const { path, message } of error.fieldErrors) {
    const name = rename[path] ?? path;
    if (fields.includes(name)) setError(name as Path<T>, { type: 'server', message });
    else leftover.push(`${path}: ${message}`);
  }
  if (error.fieldErrors.length > 0 && leftover.length === 0) return undefined;
  return [error.message, ...leftover].join(' — ');
}
