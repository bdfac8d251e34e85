import { ConfigError, loadConfig } from '../config.js';
import { createDatabase } from '../db/client.js';
import { keepGeneratedSecrets } from './data-dir-secrets.js';
import { rotateCredentials } from './rotate-credentials.js';

// `npm run credentials:rotate`: CREDENTIALS_KEY is the new key, CREDENTIALS_KEYS lists the old ones.
try {
  const { config } = await keepGeneratedSecrets(loadConfig());
  const database = createDatabase(config.databaseUrl);
  try {
    const report = await rotateCredentials(database.db, {
      current: config.credentialsKey,
      previous: config.previousCredentialsKeys,
    });
    console.log(
      `credentials rotated: ${report.rotated} re-encrypted, ${report.alreadyCurrent} already under the current key` +
        (report.unreadable.length > 0
          ? `, ${report.unreadable.length} unreadable: ${report.unreadable.join(', ')}`
          : ''),
    );
    if (report.unreadable.length > 0) process.exitCode = 2;
  } finally {
    await database.pool.end();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
