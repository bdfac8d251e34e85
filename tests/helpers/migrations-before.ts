import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

/**
 * The migrations as they were up to `lastIdx`: the same files in a temporary folder, the journal cut
 * after that entry, so a test can build a database of an older schema and migrate it on. The caller
 * removes the folder.
 */
export function migrationsUpTo(lastIdx: number): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'turumba-migrations-'));
  cpSync(path.join(PROJECT_ROOT, 'migrations'), folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= lastIdx);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}
