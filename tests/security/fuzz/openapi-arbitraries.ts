import fc from 'fast-check';

/** A JSON Schema node as the OpenAPI document writes it (only what the generator reads). */
export type SchemaNode = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | SchemaNode;
};

export type Components = { schemas?: Record<string, SchemaNode> };

/** Strings an attacker tries: huge, control characters, unicode edge cases, injection shapes. */
export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e\u0645\u0631\u062d\u0628\u0627',
    '😀'.repeat(500),
    "' OR 1=1 --",
    '"; DROP TABLE contacts; --',
    '{{constructor.constructor("return process")()}}',
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    '%00%ff',
    '\uD800',
    'a'.repeat(70_000),
    '1e309',
    'NaN',
    '__proto__',
  ),
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), Number.MAX_SAFE_INTEGER, 1e308),
);

/** Any JSON value, including the wrong type for any field. */
export const anyJson = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null),
  fc.boolean(),
  hostileNumber,
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(node: SchemaNode, components: Components): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/components/schemas/', '');
  return components.schemas?.[name] ?? {};
}

/** A value that fits `node` (mostly): the "valid input" half of the fuzzing. */
export function validFor(node: SchemaNode, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(node, components);
  if (depth > 4) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union && union.length > 0) return fc.oneof(...union.map((s) => validFor(s, components, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0) return validFor(schema.allOf[0]!, components, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 200),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validFor(schema.items ?? {}, components, depth + 1), { maxLength: 3 });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties))
        shape[key] = validFor(value, components, depth + 1);
      return fc.record(shape, { requiredKeys: [...required].filter((k) => k in shape) });
    }
    default:
      return anyJson;
  }
}

/** A body for an operation: valid, valid with a hostile field, wrong types, nulls, extra fields, or junk. */
export function bodyFor(node: SchemaNode | undefined, components: Components): fc.Arbitrary<unknown> {
  if (!node) return fc.oneof(fc.constant(undefined), anyJson);
  const valid = validFor(node, components);
  const withHostileField = fc
    .tuple(valid, hostileString, anyJson)
    .map(([body, key, value]) =>
      body && typeof body === 'object' && !Array.isArray(body) ? { ...body, [key]: value } : body,
    );
  const withHostileValues = fc.tuple(valid, anyJson, fc.nat()).map(([body, value, pick]) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const keys = Object.keys(body);
    const key = keys[pick % Math.max(keys.length, 1)];
    return key === undefined ? body : { ...body, [key]: value };
  });
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: withHostileValues },
    { weight: 1, arbitrary: withHostileField },
    { weight: 1, arbitrary: anyJson },
  );
}
