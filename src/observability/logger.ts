import pino from 'pino';

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// Nine to fifteen digits with common separators, not glued to letters, hyphens or colons, so UUIDs,
// timestamps and dates are left alone.
const PHONE = /(?<![\w.:-])\+?\d(?:[\s().-]?\d){8,14}(?![\w:-])/g;

/** Masks emails and phone numbers inside free text: `j***@example.com`, `+25******89`. */
export function redactPersonalData(text: string): string {
  return text
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      return `${m.startsWith('+') ? '+' : ''}${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
    });
}

const SECRET_PATHS = [
  'password',
  'new_password',
  'token',
  'access_token',
  'refresh_token',
  'key',
  'code',
  'credentials',
  'secret',
  'api_key',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.password',
  '*.credentials',
  '*.token',
  '*.secret',
  '*.api_key',
  '*.authorization',
];

export type Logger = pino.Logger;

/** Masks personal data in every string of a log object, a few levels deep. */
function maskStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactPersonalData(value);
  if (depth > 4 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = maskStrings(v, depth + 1);
  return out;
}

/** The process logger: JSON lines, secrets removed, emails and phones masked in every string field. */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'turumba', ...base },
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    formatters: {
      log: (object) => maskStrings(object, 0) as Record<string, unknown>,
      bindings: (bindings) => maskStrings(bindings, 0) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? redactPersonalData(a) : a));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
