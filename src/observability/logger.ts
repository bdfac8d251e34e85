import pino from 'pino';

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;

/** Masks emails and phone numbers inside free text: `j***@example.com`, `+25******89`. */
export function redactPersonalData(text: string): string {
  return text
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      if (digits.length < 7) return m;
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
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.password',
  '*.credentials',
  '*.token',
  '*.authorization',
];

export type Logger = pino.Logger;

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
      log(object) {
        for (const [key, value] of Object.entries(object)) {
          if (typeof value === 'string') object[key] = redactPersonalData(value);
        }
        return object;
      },
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
