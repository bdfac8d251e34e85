import { z } from 'zod';
import type { Template } from '../../api/types';
import { detectVariables } from '../../lib/template-variables';

export const FALLBACKS = [
  { value: 'keep_placeholder', label: 'Keep the placeholder as written' },
  { value: 'use_default', label: 'Use the default value (else empty)' },
  { value: 'skip_contact', label: 'Skip the recipient' },
] as const;

export const templateFormSchema = z.object({
  name: z.string().trim().min(1, 'Name the template').max(200),
  channel_type: z.string(),
  category: z.string().trim().max(100),
  language: z.string().trim().max(35),
  subject: z.string().max(998),
  message_body: z.string().min(1, 'Write the message').max(100_000),
  fallback_strategy: z.enum(['keep_placeholder', 'use_default', 'skip_contact']),
  external_template_id: z.string().trim().max(200),
  default_values: z.record(z.string(), z.string().max(1000)),
});
export type TemplateFormValues = z.infer<typeof templateFormSchema>;

export function templateDefaults(template?: Template): TemplateFormValues {
  return {
    name: template?.name ?? '',
    channel_type: template?.channel_type ?? '',
    category: template?.category ?? '',
    language: template?.language ?? '',
    subject: template?.subject ?? '',
    message_body: template?.message_body ?? '',
    fallback_strategy: template?.fallback_strategy ?? 'keep_placeholder',
    external_template_id: template?.external_template_id ?? '',
    default_values: { ...(template?.default_values ?? {}) },
  };
}

/** The API body: empty optional text as null, default values only for variables still in use and set. */
export function toTemplateBody(values: TemplateFormValues) {
  const used = new Set(detectVariables(values.message_body, values.subject));
  const defaults = Object.fromEntries(
    Object.entries(values.default_values).filter(([name, value]) => used.has(name) && value !== ''),
  );
  const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    name: values.name.trim(),
    message_body: values.message_body,
    subject: values.subject === '' ? null : values.subject,
    category: orNull(values.category),
    language: orNull(values.language),
    channel_type: (orNull(values.channel_type) as Template['channel_type'] & never) ?? null,
    external_template_id: orNull(values.external_template_id),
    fallback_strategy: values.fallback_strategy,
    default_values: defaults,
  };
}
