import { z } from 'zod';
import { humanize } from '../../lib/format';

/**
 * Channel forms are drawn from the JSON Schema the API publishes for each provider
 * (`GET /v1/providers`): the same schema `POST /v1/channels` validates with, so a new provider or
 * field needs no console change.
 */
type JsonSchema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  description?: string;
};

export type FieldKind = 'text' | 'secret' | 'integer' | 'number' | 'boolean' | 'enum';

export type SchemaField = {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options: string[];
  default: unknown;
  schema: JsonSchema;
};

/** Form values of one section: inputs give strings, checkboxes booleans. */
export type SectionValues = Record<string, string | boolean | undefined>;

/** The fields of an object schema, in the schema's order; `secrets` become password inputs. */
export function fieldsOf(schema: Record<string, unknown>, secrets: readonly string[] = []): SchemaField[] {
  const object = schema as JsonSchema;
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    let kind: FieldKind = 'text';
    if (property.enum) kind = 'enum';
    else if (property.type === 'boolean') kind = 'boolean';
    else if (property.type === 'integer') kind = 'integer';
    else if (property.type === 'number') kind = 'number';
    else if (secrets.includes(name)) kind = 'secret';
    return {
      name,
      label: humanize(name).replace(/\b(api|id|url|smtp|imap|tls|sid|ton|npi|psid)\b/gi, (w) =>
        w.toUpperCase(),
      ),
      kind,
      required: required.has(name),
      options: (property.enum ?? []).map(String),
      default: property.default,
      schema: property,
    };
  });
}

function textCheck(field: SchemaField, value: string): string | undefined {
  const { schema } = field;
  if (field.kind === 'integer' || field.kind === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n) || (field.kind === 'integer' && !Number.isInteger(n))) {
      return field.kind === 'integer' ? 'Must be a whole number' : 'Must be a number';
    }
    if (schema.minimum !== undefined && n < schema.minimum) return `At least ${schema.minimum}`;
    if (schema.maximum !== undefined && n > schema.maximum) return `At most ${schema.maximum}`;
    return undefined;
  }
  if (schema.minLength !== undefined && value.length < schema.minLength)
    return `At least ${schema.minLength} characters`;
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return `At most ${schema.maxLength} characters`;
  if (schema.pattern) {
    try {
      if (!new RegExp(schema.pattern).test(value)) return 'Not in the expected format';
    } catch {
      // a pattern this browser cannot compile: the API still checks it
    }
  }
  if (schema.format === 'uri' && !/^https?:\/\/\S+$/.test(value)) return 'Must be an http(s) URL';
  return undefined;
}

/**
 * A zod schema for one section's form values. `requireRequired: false` (editing a channel without
 * replacing its credentials) lets required fields stay empty.
 */
export function sectionSchema(fields: SchemaField[], requireRequired = true) {
  return z.record(z.string(), z.union([z.string(), z.boolean()]).optional()).superRefine((values, ctx) => {
    for (const field of fields) {
      const value = values[field.name];
      if (field.kind === 'boolean' || typeof value === 'boolean') continue;
      const text = (value ?? '').trim();
      if (text === '') {
        if (field.required && requireRequired)
          ctx.addIssue({ code: 'custom', path: [field.name], message: 'Required' });
        continue;
      }
      const problem = textCheck(field, text);
      if (problem) ctx.addIssue({ code: 'custom', path: [field.name], message: problem });
    }
  });
}

/**
 * Form values to the API's JSON: numbers parsed, empty inputs left out — or, with `clearEmpty`
 * (a config PATCH, where null removes a key), sent as null when the stored config has the key.
 */
export function toApiObject(
  fields: SchemaField[],
  values: SectionValues,
  options: { clearEmpty?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'boolean') {
      if (typeof value === 'boolean') out[field.name] = value;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') {
      if (options.clearEmpty && field.name in options.clearEmpty) out[field.name] = null;
      continue;
    }
    out[field.name] = field.kind === 'integer' || field.kind === 'number' ? Number(text) : text;
  }
  return out;
}

/** Initial form values: stored config when editing, else the schema defaults (booleans) or empty. */
export function initialValues(fields: SchemaField[], stored: Record<string, unknown> = {}): SectionValues {
  return Object.fromEntries(
    fields.map((field) => {
      const value = field.name in stored ? stored[field.name] : undefined;
      if (field.kind === 'boolean')
        return [field.name, typeof value === 'boolean' ? value : field.default === true];
      if (value === undefined || value === null)
        return [field.name, field.kind === 'enum' ? String(field.default ?? '') : ''];
      return [field.name, String(value)];
    }),
  );
}
