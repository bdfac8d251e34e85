import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { applyFieldErrors } from '../../api/problem';
import type { Channel, ProviderInfo } from '../../api/types';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { FormError } from '../auth/auth-layout';
import { ProviderFields } from './provider-fields';
import { fieldsOf, initialValues, type SectionValues, sectionSchema, toApiObject } from './schema-form';

export type ChannelFormValues = {
  name: string;
  sender_name: string;
  default_country_code: string;
  rate_limit: string;
  retry_count: string;
  credentials: SectionValues;
  config: SectionValues;
};

/** The body of a create (all fields) or of a PATCH (credentials only when replaced). */
export type ChannelPayload = {
  name: string;
  sender_name: string | null;
  default_country_code: string | null;
  rate_limit: number | null;
  retry_count?: number;
  credentials?: Record<string, unknown>;
  config: Record<string, unknown>;
};

const optionalInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine(
      (v) => v === '' || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max),
      `A whole number from ${min} to ${max}`,
    );

const baseSchema = z.object({
  name: z.string().trim().min(1, 'Name the channel').max(200),
  sender_name: z.string().trim().max(100),
  default_country_code: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[A-Za-z]{2}$/.test(v), 'Two letters (ISO 3166), e.g. KE'),
  rate_limit: optionalInt(1, 100_000),
  retry_count: optionalInt(0, 10),
});

/** Builds the form's validator from the provider's schemas. Exported for the component tests. */
export function channelFormSchema(provider: ProviderInfo, requireCredentials: boolean) {
  const credentials = fieldsOf(provider.credentials_schema, provider.secret_fields);
  const config = fieldsOf(provider.config_schema);
  return baseSchema.extend({
    credentials: sectionSchema(credentials, requireCredentials),
    config: sectionSchema(config),
  });
}

/**
 * Create and edit form of a channel, generated from its provider's schema. Editing never shows
 * secrets: credentials are replaced as a whole (the API keeps them when the PATCH omits them).
 */
export function ChannelForm({
  provider,
  channel,
  submitLabel,
  onSubmit,
}: {
  provider: ProviderInfo;
  channel?: Channel;
  submitLabel: string;
  onSubmit: (payload: ChannelPayload) => Promise<unknown>;
}) {
  const editing = channel !== undefined;
  const [replaceCredentials, setReplaceCredentials] = useState(!editing);
  const [formError, setFormError] = useState<string>();
  const credentialFields = useMemo(
    () => fieldsOf(provider.credentials_schema, provider.secret_fields),
    [provider],
  );
  const configFields = useMemo(() => fieldsOf(provider.config_schema), [provider]);
  const hasCredentials = credentialFields.length > 0;

  // The resolver reads the toggle through a ref: useForm keeps the resolver it was created with.
  const replaceRef = useRef(replaceCredentials);
  replaceRef.current = replaceCredentials;
  const form = useForm<ChannelFormValues>({
    resolver: (values, context, options) =>
      zodResolver(channelFormSchema(provider, replaceRef.current))(
        values,
        context,
        options as never,
      ) as never,
    defaultValues: {
      name: channel?.name ?? '',
      sender_name: channel?.sender_name ?? '',
      default_country_code: channel?.default_country_code ?? '',
      rate_limit:
        channel?.rate_limit === null || channel?.rate_limit === undefined ? '' : String(channel.rate_limit),
      retry_count: channel ? String(channel.retry_count) : '',
      credentials: initialValues(credentialFields),
      config: initialValues(configFields, channel?.config),
    },
  });
  const { errors, isSubmitting } = form.formState;
  const fieldNames = [
    'name',
    'sender_name',
    'default_country_code',
    'rate_limit',
    'retry_count',
    ...credentialFields.map((f) => `credentials.${f.name}`),
    ...configFields.map((f) => `config.${f.name}`),
  ];

  const submit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    const payload: ChannelPayload = {
      name: values.name.trim(),
      sender_name: values.sender_name.trim() || null,
      default_country_code: values.default_country_code.trim().toUpperCase() || null,
      rate_limit: values.rate_limit.trim() === '' ? null : Number(values.rate_limit),
      config: toApiObject(configFields, values.config, editing ? { clearEmpty: channel.config } : {}),
    };
    if (values.retry_count.trim() !== '') payload.retry_count = Number(values.retry_count);
    if (replaceCredentials) payload.credentials = toApiObject(credentialFields, values.credentials);
    try {
      await onSubmit(payload);
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setError, fieldNames));
    }
  });

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-6">
      <FormError message={formError} />
      <section className="flex flex-col gap-4">
        <h2 className="text-base font-semibold">General</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" error={errors.name?.message}>
            <Input autoComplete="off" {...form.register('name')} />
          </Field>
          <Field
            label="Sender name (optional)"
            hint="Shown as the sender where the channel allows it"
            error={errors.sender_name?.message}
          >
            <Input autoComplete="off" {...form.register('sender_name')} />
          </Field>
          <Field
            label="Rate limit (optional)"
            hint="Messages per second across all workers; empty: the provider's default"
            error={errors.rate_limit?.message}
          >
            <Input inputMode="numeric" {...form.register('rate_limit')} />
          </Field>
          <Field
            label="Default country (optional)"
            hint="For national phone numbers, e.g. KE"
            error={errors.default_country_code?.message}
          >
            <Input autoComplete="off" maxLength={2} {...form.register('default_country_code')} />
          </Field>
          <Field
            label="Retries (optional)"
            hint="Attempts after a retryable failure, 0 to 10"
            error={errors.retry_count?.message}
          >
            <Input inputMode="numeric" {...form.register('retry_count')} />
          </Field>
        </div>
      </section>

      {hasCredentials && (
        <section className="flex flex-col gap-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-base font-semibold">Credentials</h2>
            {editing && (
              <Button variant="secondary" size="sm" onClick={() => setReplaceCredentials((v) => !v)}>
                {replaceCredentials ? 'Keep stored credentials' : 'Replace credentials'}
              </Button>
            )}
          </div>
          <p className="text-sm text-muted">
            Stored encrypted and never shown again: only the last 4 characters appear after saving.
          </p>
          {replaceCredentials ? (
            <ProviderFields
              section="credentials"
              fields={credentialFields}
              register={form.register}
              errors={errors}
              masked={channel?.credentials}
              defaults={initialValues(credentialFields)}
            />
          ) : (
            <dl className="grid gap-2 text-sm sm:grid-cols-2">
              {Object.entries(channel?.credentials ?? {}).map(([name, value]) => (
                <div
                  key={name}
                  className="flex justify-between gap-4 rounded-md border border-border px-3 py-2"
                >
                  <dt className="text-muted">{name}</dt>
                  <dd className="font-mono">{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      )}

      <section className="flex flex-col gap-4">
        <h2 className="text-base font-semibold">Settings</h2>
        <ProviderFields
          section="config"
          fields={configFields}
          register={form.register}
          errors={errors}
          defaults={initialValues(configFields, channel?.config)}
        />
      </section>

      <Button type="submit" loading={isSubmitting} className="self-start">
        {submitLabel}
      </Button>
    </form>
  );
}
