import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../src/db/migrate.js';
import { startVhostPool } from './helpers/vhost-pool.js';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
    templateDatabase: string;
    adminUrl: string;
    amqpVhost: string;
    vhostPoolUrl: string;
  }
}

/** Once per run: a migrated template database, and the pool that gives each file a RabbitMQ vhost. */
export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  const templateDatabase = `turumba_test_tpl_${runId}`;
  const templateUrl = new URL(ADMIN_URL);
  templateUrl.pathname = `/${templateDatabase}`;
  await runMigrations(templateUrl.toString());

  const amqpVhost = `turumba-test-${runId}`;
  const vhosts = await startVhostPool(amqpVhost);

  project.provide('runId', runId);
  project.provide('templateDatabase', templateDatabase);
  project.provide('adminUrl', ADMIN_URL);
  project.provide('amqpVhost', amqpVhost);
  project.provide('vhostPoolUrl', vhosts.url);

  return async () => {
    // Every per-file vhost, in one broker call.
    await vhosts.close();
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      // Drop this run's databases (the template and every per-file copy).
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'turumba_test_%' AND datname LIKE $1",
        [`%${runId}%`],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
