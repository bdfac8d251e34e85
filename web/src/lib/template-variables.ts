// {NAME} placeholders and Handlebars {{NAME}}, {{#if NAME}}, {{#unless NAME}} over the same names.
const PLACEHOLDER = /\{\{?\s*(?:[#/](?:if|unless)\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\}?\}/g;
const KEYWORDS = new Set(['ELSE', 'IF', 'UNLESS']);

/**
 * The variable names a template body uses, upper-cased, in order of first use: the chips of the
 * editor as the user types (the API derives the same list when the template is saved).
 */
export function detectVariables(...texts: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const match of (text ?? '').matchAll(PLACEHOLDER)) {
      const name = match[1]!.toUpperCase();
      if (!KEYWORDS.has(name)) seen.add(name);
    }
  }
  return [...seen];
}

/** Values the platform fills itself (contact, account, sender, system): no input needed. */
export const BUILT_IN_VARIABLES = new Set([
  'NAME',
  'FIRST_NAME',
  'LAST_NAME',
  'PHONE',
  'EMAIL',
  'ACCOUNT_NAME',
  'SENDER_NAME',
  'DATE',
  'TIME',
]);
