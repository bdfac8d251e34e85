import { type RunningWorker, startWorkers, stopWorkers } from '../workers/index.js';
import { ConfigError, loadConfig } from './config.js';
import { runMigrations } from './db/migrate.js';
import { createApp } from './http/app.js';
import { serveApi } from './http/serve-api.js';
import { createLogger } from './observability/logger.js';
import { type MetricsServer, startMetricsServer } from './observability/metrics-server.js';
import { createRuntime } from './runtime.js';
import { keepGeneratedSecrets } from './security/data-dir-secrets.js';

const args = new Set(process.argv.slice(2));
const runApi = !args.has('--worker') || args.has('--api');
const runWorkers = !args.has('--api') || args.has('--worker');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
const kept = await keepGeneratedSecrets(config);
config = kept.config;
for (const name of config.generatedSecrets) {
  logger.warn(
    { file: kept.file },
    `${name} is not set: using a generated value kept in DATA_DIR for development (set it in production)`,
  );
}

await runMigrations(config.databaseUrl);
const runtime = createRuntime(config, logger);

let server: ReturnType<typeof serveApi> | undefined;
if (runApi) {
  const app = createApp(runtime);
  runtime.pressure.start();
  server = serveApi(app, config, (info) => {
    logger.info({ port: info.port }, `API listening on http://localhost:${info.port} (docs at /docs)`);
  });
}
let workers: RunningWorker[] = [];
if (runWorkers) workers = await startWorkers(runtime, config.workerRoles);
// A worker-only process serves no API, so its metrics get a listener of their own (METRICS_PORT); so
// does a production API without METRICS_TOKEN, whose public port does not serve them.
let metricsServer: MetricsServer | undefined;
const apiServesMetrics = runApi && (config.nodeEnv !== 'production' || config.metricsToken !== undefined);
if (!apiServesMetrics && config.metricsPort > 0) {
  metricsServer = await startMetricsServer(runtime.metrics.registry, config.metricsPort, logger);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 25_000);
  force.unref();
  // Open event streams never end by themselves: end them first, or the server would wait for them.
  await runtime.live.close();
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  await runtime.pressure.stop();
  await stopWorkers(workers);
  await metricsServer?.close();
  await runtime.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
