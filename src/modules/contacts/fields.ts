import { z } from '@hono/zod-openapi';

/** Attribute names: what a template placeholder and a `attributes.KEY` filter can address. */
export const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]{1,100}$/;
export const MAX_ATTRIBUTES = 100;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 2000;
/** Serialized size cap, so one contact cannot bloat every row read by a broadcast. */
export const MAX_ATTRIBUTES_BYTES = 16 * 1024;
export const MAX_TAGS = 100;
export const MAX_TAG_LENGTH = 100;

const AttributeValue = z.union(
  [z.string().max(MAX_ATTRIBUTE_VALUE_LENGTH), z.number(), z.boolean(), z.null()],
  { error: 'must be a string, number, boolean or null' },
);

/** `{ KEY: string | number | boolean | null }`, bounded in keys and bytes. */
export const Attributes = z
  .record(z.string().regex(ATTRIBUTE_KEY), AttributeValue, {
    error: (issue) =>
      issue.code === 'invalid_key' ? 'attribute names are 1-100 letters, digits, _ or -' : undefined,
  })
  .refine((value) => Object.keys(value).length <= MAX_ATTRIBUTES, {
    message: `at most ${MAX_ATTRIBUTES} attributes`,
  })
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_ATTRIBUTES_BYTES, {
    message: `at most ${MAX_ATTRIBUTES_BYTES} bytes of attributes`,
  })
  .openapi({
    description: 'Custom fields: string, number, boolean or null values; usable as template variables',
    example: { city: 'Addis Ababa', plan: 'gold', visits: 3 },
  });
export type Attributes = z.infer<typeof Attributes>;

/** Tags: trimmed, non-empty, de-duplicated in first-seen order. */
export const Tags = z
  .array(z.string().trim().min(1, 'must not be empty').max(MAX_TAG_LENGTH))
  .max(MAX_TAGS)
  .transform((list) => [...new Set(list)])
  .openapi({ example: ['vip', 'newsletter'] });

/** Optional free text: trimmed; an empty string clears like null. */
export const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();
