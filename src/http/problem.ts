import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { pgError } from '../db/errors.js';
import { AppError, type FieldError } from '../errors.js';
import type { AppEnv } from './context.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  errors?: FieldError[];
};

/** Field errors from a zod error, with dotted paths (`items.0.email`). */
export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

export function problemResponse(
  c: Context<AppEnv>,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
  headers: Record<string, string> = {},
): Response {
  const body: Problem = {
    type: `https://turumba.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    request_id: c.get('requestId') ?? '',
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/problem+json',
      'X-Request-Id': c.get('requestId') ?? '',
      ...headers,
    },
  });
}

function frames(stack: string | undefined): string | undefined {
  return stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 6)
    .join('\n');
}

/** The one place errors become HTTP responses. */
export function handleError(error: unknown, c: Context<AppEnv>): Response {
  if (error instanceof AppError) {
    return problemResponse(c, error.status, error.code, error.message, error.errors, error.headers);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 400 ? 'bad_request' : status === 413 ? 'payload_too_large' : `http_${status}`;
    return problemResponse(c, status, code, error.message || TITLES[status] || 'Error');
  }
  if (error instanceof SyntaxError) {
    return problemResponse(c, 400, 'malformed_json', 'The request body is not valid JSON');
  }
  const pg = pgError(error);
  if (pg && ['22P02', '22003', '22007', '22008', '22001', '22021', '22P05', '22025'].includes(pg.code)) {
    return problemResponse(c, 400, 'bad_request', 'A value has the wrong type or is out of range');
  }
  if (pg?.code === '57014') {
    // statement_timeout (or a cancel): the request asked for more work than the API allows at once.
    c.get('logger')?.warn({ pg_code: pg.code }, 'statement cancelled');
    return problemResponse(
      c,
      503,
      'query_timeout',
      'The request took too long and was cancelled; try again',
      undefined,
      {
        'Retry-After': '1',
      },
    );
  }
  // Never log the error object itself: drizzle's message carries the query parameters (personal data).
  c.get('logger')?.error(
    {
      error_name: error instanceof Error ? error.name : typeof error,
      pg_code: pg?.code,
      pg_constraint: pg?.constraint,
      // Frames only: drizzle's message spans several lines and carries the query parameters.
      stack: error instanceof Error ? frames(error.stack) : undefined,
    },
    'unhandled error',
  );
  return problemResponse(c, 500, 'internal_error', 'An unexpected error occurred');
}
