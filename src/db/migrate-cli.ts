import { ConfigError, loadConfig } from '../config.js';
import { runMigrations } from './migrate.js';

try {
  const config = loadConfig();
  await runMigrations(config.databaseUrl);
  console.log('migrations applied');
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
