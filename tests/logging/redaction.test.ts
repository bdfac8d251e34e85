import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, redactPersonalData } from '../../src/observability/logger.js';
import { signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

/** A production logger writing parsed JSON lines into an array. */
function captureLogger(level = 'info') {
  const lines: Record<string, any>[] = [];
  const logger = createLogger(level, {}, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('redactPersonalData', () => {
  it('keeps the first character and the domain of an email', () => {
    expect(redactPersonalData('sent to jane.doe@example.com today')).toBe('sent to j***@example.com today');
    expect(redactPersonalData('a+tag@mail.example.org')).toBe('a***@mail.example.org');
  });

  it('keeps only the first and last two digits of a phone number', () => {
    expect(redactPersonalData('call +251911223344')).toBe('call +25********44');
    expect(redactPersonalData('call 0911 22 33 44 now')).toBe('call 09******44 now');
  });

  it('masks every occurrence in one text', () => {
    const masked = redactPersonalData('from ann@example.com to bob@example.net, sms +447700900123');
    expect(masked).toBe('from a***@example.com to b***@example.net, sms +44********23');
  });

  it('leaves text without personal data, and short numbers, unchanged', () => {
    expect(redactPersonalData('imported 42 rows in 1500 ms')).toBe('imported 42 rows in 1500 ms');
    expect(redactPersonalData('')).toBe('');
  });
});

describe('createLogger', () => {
  it('masks emails and phone numbers in the message', () => {
    const { logger, lines } = captureLogger();
    logger.info('verification code sent to jane.doe@example.com and +251911223344');
    expect(lines[0]?.msg).toBe('verification code sent to j***@example.com and +25********44');
  });

  it('masks personal data interpolated into the message', () => {
    const { logger, lines } = captureLogger();
    logger.info('invitation for %s', 'jane.doe@example.com');
    expect(lines[0]?.msg).toBe('invitation for j***@example.com');
  });

  it('masks emails and phone numbers in string fields', () => {
    const { logger, lines } = captureLogger();
    logger.warn({ to: '+251911223344', email: 'jane.doe@example.com', attempts: 3 }, 'send failed');
    expect(lines[0]).toMatchObject({ to: '+25********44', email: 'j***@example.com', attempts: 3 });
  });

  it('redacts secrets by key, at the top level and one level down', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        password: 'hunter2-hunter2',
        token: 'refresh-token-value',
        authorization: 'Bearer eyJhbGciOi',
        credentials: { auth_token: 'twilio-secret' },
        user: { password: 'nested-password' },
        channel: { credentials: { bot_token: 'telegram-secret' }, name: 'Support' },
        req: { headers: { authorization: 'Bearer tk_live_secret' } },
      },
      'request with secrets',
    );
    const line = lines[0]!;
    expect(line).toMatchObject({
      password: '[redacted]',
      token: '[redacted]',
      authorization: '[redacted]',
      credentials: '[redacted]',
      user: { password: '[redacted]' },
      channel: { credentials: '[redacted]', name: 'Support' },
      req: { headers: { authorization: '[redacted]' } },
    });
    const raw = JSON.stringify(line);
    for (const secret of [
      'hunter2',
      'refresh-token-value',
      'eyJhbGciOi',
      'twilio-secret',
      'nested-password',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).not.toContain('telegram-secret');
    expect(raw).not.toContain('tk_live_secret');
  });

  it('writes JSON lines with the service name and honours the level', () => {
    const { logger, lines } = captureLogger('warn');
    logger.info('dropped');
    logger.warn('kept');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: 'turumba', msg: 'kept', level: 40 });
  });
});

describe('request logging', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await setupTestApp();
  });
  afterAll(() => t.close());

  it('keeps an email in a query string out of the logs', async () => {
    const owner = await signUp(t);
    const email = 'someone.private@example.com';
    const before = t.logLines.length;
    const listed = await t.request('GET', `/v1/roles?filter=name:eq:${email}`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(listed.status).toBe(200);
    // A filter on an unknown field is refused; the refusal is not logged with the value either.
    const refused = await t.request('GET', `/v1/roles?filter=owner:eq:${email}`, {
      token: owner.token,
      accountId: owner.accountId,
    });
    expect(refused.status).toBe(400);
    const lines = t.logLines.slice(before);
    // The request lines were written, so their absence of the email means something.
    expect(lines.some((l) => l.includes('"route":"/v1/roles"'))).toBe(true);
    expect(lines.join('\n')).not.toContain(email);
    expect(lines.join('\n')).not.toContain(encodeURIComponent(email));
  });

  it('keeps an email in an unknown path out of the logs', async () => {
    const email = 'lost.person@example.com';
    const res = await t.request('GET', `/v1/nothing/${email}`);
    expect(res.status).toBe(404);
    expect(t.logLines.join('\n')).not.toContain(email);
  });

  it('keeps the signed-up user email and password out of the logs', async () => {
    const owner = await signUp(t);
    const logs = t.logLines.join('\n');
    expect(logs).not.toContain(owner.email);
    expect(logs).not.toContain(owner.password);
  });
});
