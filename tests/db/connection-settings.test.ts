import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('database connections', () => {
  it('run without JIT compilation on every connection of the worker and API pools', async () => {
    for (const { pool } of [t.runtime.database, t.runtime.apiDatabase]) {
      // Several connections at once: each new one is set up before its first statement.
      const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
      try {
        const settings = await Promise.all(clients.map((c) => c.query<{ jit: string }>('SHOW jit')));
        expect(settings.map((s) => s.rows[0]?.jit)).toEqual(['off', 'off', 'off', 'off']);
      } finally {
        for (const c of clients) c.release();
      }
    }
  });

  it('compiles nothing for a statement the planner estimates far above the JIT threshold', async () => {
    // Estimated at about 230,000, above the default jit_above_cost (100,000): PostgreSQL's own
    // default would compile it, and a plain EXPLAIN says so with a "JIT:" section.
    const explain = `EXPLAIN SELECT count(*) FROM generate_series(1, 3000) a
       CROSS JOIN generate_series(1, 3000) b WHERE a + b > 1000000000`;
    const text = async (query: (q: string) => Promise<{ rows: Record<string, string>[] }>) =>
      (await query(explain)).rows.map((r) => r['QUERY PLAN']).join('\n');
    const ours = await text((q) => t.runtime.database.pool.query(q));
    expect(ours).toMatch(/cost=\d+\.\d+\.\.\d{6,}/);
    expect(ours).not.toContain('JIT:');
    // The same statement on a session left at the server's defaults would be compiled (where the
    // server is built with JIT support at all).
    const available = await t.runtime.database.pool.query<{ on: boolean }>('SELECT pg_jit_available() AS on');
    if (!available.rows[0]?.on) return;
    const client = await t.runtime.database.pool.connect();
    try {
      await client.query('SET jit = on');
      expect(await text((q) => client.query(q))).toContain('JIT:');
    } finally {
      await client.query('SET jit = off');
      client.release();
    }
  });
});
