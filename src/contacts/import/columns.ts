/** Columns with a meaning of their own; every other column becomes an attribute. */
export const KNOWN_COLUMNS = [
  'name',
  'first_name',
  'last_name',
  'phone',
  'email',
  'telegram_chat_id',
  'tags',
  'groups',
] as const;
export type KnownColumn = (typeof KNOWN_COLUMNS)[number];

export type ColumnMap = {
  /** Number of columns in the header; a row with another count is reported as ragged. */
  width: number;
  known: Partial<Record<KnownColumn, number>>;
  attributes: { key: string; index: number }[];
};

/** The file itself cannot be imported (as opposed to one bad row). */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

const MAX_ATTRIBUTE_KEY = 64;

/** `" First Name "` → `first_name`: header names are matched case-insensitively and trimmed. */
function normalizeHeader(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * An attribute key safe for `attributes.KEY` filters: lowercase letters, digits and `_`. Unnamed
 * columns get `column_N` (1-based) so their data is not dropped silently.
 */
function sanitizeAttributeKey(raw: string, index: number): string {
  const key = raw
    .trim()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_ATTRIBUTE_KEY);
  return key === '' ? `column_${index + 1}` : key;
}

/** Maps a header record to known columns and attribute keys; throws ImportFileError when unusable. */
export function mapHeader(header: string[]): ColumnMap {
  const known: Partial<Record<KnownColumn, number>> = {};
  const attributes: { key: string; index: number }[] = [];
  const usedKeys = new Set<string>();
  header.forEach((raw, index) => {
    const name = normalizeHeader(raw);
    if ((KNOWN_COLUMNS as readonly string[]).includes(name)) {
      const column = name as KnownColumn;
      if (known[column] !== undefined) throw new ImportFileError(`The column "${column}" appears twice`);
      known[column] = index;
      return;
    }
    const base = sanitizeAttributeKey(raw, index);
    let key = base;
    for (let n = 2; usedKeys.has(key); n += 1) key = `${base}_${n}`;
    usedKeys.add(key);
    attributes.push({ key, index });
  });
  if (known.phone === undefined && known.email === undefined) {
    throw new ImportFileError('The header has neither a "phone" nor an "email" column');
  }
  return { width: header.length, known, attributes };
}
