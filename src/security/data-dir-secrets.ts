import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';

type Stored = { JWT_SECRET?: string; CREDENTIALS_KEY?: string };

const FILE = 'secrets.json';

/**
 * Outside production, the secrets left unset (JWT_SECRET, CREDENTIALS_KEY) are generated once into
 * `DATA_DIR/secrets.json` (mode 0600, in a 0700 directory) and read back on every later start, so a
 * restarted development instance keeps its sessions and can still open channel credentials.
 * Processes starting together agree: the file is created exclusively, and a process that loses the
 * race reads the winner's. Returns the config with the kept secrets and where they live.
 */
export async function keepGeneratedSecrets(config: Config): Promise<{ config: Config; file?: string }> {
  if (config.generatedSecrets.length === 0 || config.nodeEnv === 'production') return { config };
  const dir = path.resolve(config.dataDir);
  const file = path.join(dir, FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let stored = await readStored(file);
  const missing = config.generatedSecrets.filter((name) => stored[name] === undefined);
  if (missing.length > 0) {
    const fresh: Stored = {
      ...stored,
      ...(missing.includes('JWT_SECRET') ? { JWT_SECRET: randomBytes(32).toString('hex') } : {}),
      ...(missing.includes('CREDENTIALS_KEY') ? { CREDENTIALS_KEY: randomBytes(32).toString('hex') } : {}),
    };
    try {
      // Exclusive create when there is no file yet; a file with fewer secrets is completed in place.
      await writeFile(file, `${JSON.stringify(fresh, null, 2)}\n`, {
        mode: 0o600,
        flag: Object.keys(stored).length === 0 ? 'wx' : 'w',
      });
      await chmod(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    stored = await readStored(file);
  }
  return {
    config: {
      ...config,
      ...(config.generatedSecrets.includes('JWT_SECRET') && stored.JWT_SECRET
        ? { jwtSecret: stored.JWT_SECRET }
        : {}),
      ...(config.generatedSecrets.includes('CREDENTIALS_KEY') && stored.CREDENTIALS_KEY
        ? { credentialsKey: Buffer.from(stored.CREDENTIALS_KEY, 'hex') }
        : {}),
    },
    file,
  };
}

async function readStored(file: string): Promise<Stored> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof value !== 'object' || value === null) throw new Error(`${file} is not a JSON object`);
    const stored = value as Stored;
    for (const name of ['JWT_SECRET', 'CREDENTIALS_KEY'] as const) {
      const v = stored[name];
      if (v !== undefined && !/^[0-9a-f]{64}$/.test(v))
        throw new Error(`${file}: ${name} is not 64 hex characters`);
    }
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}
