import { expect } from 'vitest';
import type { Session } from '../helpers/factories.js';
import type { ApiResponse, TestContext } from '../helpers/harness.js';

/** POSTs a CSV as a `text/csv` body. */
export function uploadCsv(t: TestContext, session: Session, csv: string): Promise<ApiResponse> {
  return t.request('POST', '/v1/contacts/import', {
    token: session.token,
    accountId: session.accountId,
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

/** POSTs a CSV as the `file` part of a multipart/form-data body, after an unrelated text field. */
export function uploadMultipart(
  t: TestContext,
  session: Session,
  csv: string,
  filename = 'contacts.csv',
): Promise<ApiResponse> {
  const boundary = '----turumba-test-boundary';
  const body = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="note"',
    '',
    'weekly export',
    `--${boundary}`,
    `Content-Disposition: form-data; name="file"; filename="${filename}"`,
    'Content-Type: text/csv',
    '',
    csv,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return t.request('POST', '/v1/contacts/import', {
    token: session.token,
    accountId: session.accountId,
    rawBody: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** Polls an import until it is completed or failed, and returns it. */
export async function waitForImport(t: TestContext, session: Session, id: string, timeoutMs = 25_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.request('GET', `/v1/contact-imports/${id}`, {
      token: session.token,
      accountId: session.accountId,
    });
    expect(res.status, res.text).toBe(200);
    if (res.body.status === 'completed' || res.body.status === 'failed') return res.body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Uploads a CSV and waits for the worker to finish it. */
export async function importCsv(t: TestContext, session: Session, csv: string) {
  const res = await uploadCsv(t, session, csv);
  expect(res.status, res.text).toBe(202);
  return waitForImport(t, session, res.body.id);
}

/** The account's contacts matching a list filter (e.g. `phone:eq:+251911234567`). */
export async function findContacts(t: TestContext, session: Session, filter: string) {
  const res = await t.request('GET', `/v1/contacts?filter=${encodeURIComponent(filter)}&page_size=100`, {
    token: session.token,
    accountId: session.accountId,
  });
  expect(res.status, res.text).toBe(200);
  return res.body.items as any[];
}
