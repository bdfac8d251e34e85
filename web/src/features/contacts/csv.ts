/** The columns the import understands; any other column becomes an attribute (contract "Contacts"). */
export const IMPORT_COLUMNS = [
  'name',
  'first_name',
  'last_name',
  'phone',
  'email',
  'telegram_chat_id',
  'tags',
  'groups',
] as const;

/** Splits CSV text into rows of fields (RFC 4180 quoting); at most `limit` rows. */
export function parseCsv(text: string, limit = Number.POSITIVE_INFINITY): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < limit; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if ((field !== '' || row.length > 0) && rows.length < limit) rows.push([...row, field]);
  return rows;
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The key the import stores an attribute column under (lowercase letters, digits and `_`). */
export function attributeKey(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
}

/**
 * The mapping a header suggests: a known column by name (case and spaces ignored), else an
 * attribute under the key the import will store it as.
 */
export function guessMapping(header: string): string {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const alias: Record<string, string> = {
    mobile: 'phone',
    phone_number: 'phone',
    group: 'groups',
    tag: 'tags',
  };
  const known = alias[key] ?? key;
  return (IMPORT_COLUMNS as readonly string[]).includes(known)
    ? known
    : `attr:${attributeKey(header) || 'column'}`;
}

/**
 * The file with its header row replaced by the chosen mapping: a column maps to a contact field, an
 * attribute (its own name) or nothing (`skip`: the column is removed from every row).
 */
export function remapCsv(text: string, mapping: string[]): string {
  const keep = mapping.map((m) => m !== 'skip');
  const header = mapping.filter((_, i) => keep[i]).map((m) => quote(m.startsWith('attr:') ? m.slice(5) : m));
  if (keep.every(Boolean)) {
    // Only the first line changes: keep the rest byte for byte.
    const end = firstLineEnd(text);
    return `${header.join(',')}${text.slice(end)}`;
  }
  const rows = parseCsv(text);
  return [
    header.join(','),
    ...rows.slice(1).map((r) =>
      r
        .filter((_, i) => keep[i])
        .map(quote)
        .join(','),
    ),
  ].join('\n');
}

function firstLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) return i;
  }
  return text.length;
}

/** Row errors as a CSV file's text: `row,message`. */
export function errorsCsv(errors: { row: number; message: string }[]): string {
  return ['row,message', ...errors.map((e) => `${e.row},${quote(e.message)}`)].join('\n');
}
