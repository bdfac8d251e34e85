/** A field-level problem, reported in problem+json `errors`. */
export type FieldError = { path: string; message: string };

/** The one error hierarchy: operations throw these; the HTTP layer maps them to problem+json. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> = {};

  constructor(message: string, errors?: FieldError[]) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
  }
}

export class BadRequestError extends AppError {
  readonly status = 400;
  constructor(
    message: string,
    errors?: FieldError[],
    readonly code: string = 'bad_request',
  ) {
    super(message, errors);
  }
}

export class ValidationError extends AppError {
  readonly status = 422;
  constructor(
    message: string,
    errors?: FieldError[],
    readonly code: string = 'validation_failed',
  ) {
    super(message, errors);
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  constructor(
    message = 'Missing or invalid credentials',
    readonly code: string = 'unauthorized',
  ) {
    super(message);
    this.headers['WWW-Authenticate'] = 'Bearer';
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(
    message = 'You are not allowed to do this',
    readonly code: string = 'forbidden',
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(resource = 'Resource') {
    super(`${resource} not found`);
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  constructor(
    message: string,
    readonly code: string = 'conflict',
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

export class RateLimitedError extends AppError {
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class NotImplementedError extends AppError {
  readonly status = 501;
  readonly code = 'not_implemented';
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'service_unavailable';
}

/** What the provider itself said about a failure, kept in `error_details` (never a credential). */
export type ProviderErrorDetails = {
  /** The vendor's own error code (Twilio `21211`, a Graph API code, an SMPP command status). */
  providerCode?: string | undefined;
  /** The vendor's own words, trimmed. */
  providerMessage?: string | undefined;
  /** The HTTP status of the vendor's answer, for HTTP providers. */
  httpStatus?: number | undefined;
};

/** A provider call failed; `retryable` drives the send worker's retry decision. */
export class ProviderError extends AppError {
  readonly status = 502;
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: string = 'provider_error',
    readonly retryAfterMs?: number,
    readonly details: ProviderErrorDetails = {},
  ) {
    super(message);
  }
}
