/**
 * A worker process for tests that kill one: runs the roles of `WORKER_ROLES` with the configuration
 * of the environment (the test passes its database, queue prefix and keys), prints `ready` once the
 * roles run, and is stopped with SIGKILL — no graceful shutdown on purpose.
 */
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { startWorkers } from '../../workers/index.js';

const config = loadConfig(process.env);
const runtime = createRuntime(config, createLogger(config.logLevel));
await startWorkers(runtime, config.workerRoles);
process.stdout.write('ready\n');
