import { useId } from 'react';
import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { Field } from '../../components/ui/field';
import { Checkbox, Input, NativeSelect } from '../../components/ui/input';
import type { ChannelFormValues } from './channel-form';
import type { SchemaField, SectionValues } from './schema-form';

type Section = 'credentials' | 'config';

/** The inputs of one schema section (credentials or config), named `section.field` like API error paths. */
export function ProviderFields({
  section,
  fields,
  register,
  errors,
  masked = {},
  defaults = {},
}: {
  section: Section;
  fields: SchemaField[];
  register: UseFormRegister<ChannelFormValues>;
  errors: FieldErrors<ChannelFormValues>;
  /** Stored masked values (`••••1234`), shown as hints: secrets are never prefilled. */
  masked?: Record<string, string>;
  /** The initial values: selects get theirs as defaultValue too (some DOMs ignore a value set before options). */
  defaults?: SectionValues;
}) {
  const idPrefix = useId();
  if (fields.length === 0) {
    return <p className="text-sm text-muted">Nothing to set for this provider.</p>;
  }
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {fields.map((field) => {
        const name = `${section}.${field.name}` as const;
        const error = (errors[section] as Record<string, { message?: string }> | undefined)?.[field.name]
          ?.message;
        const label = `${field.label}${field.required ? '' : ' (optional)'}`;
        const hint = [
          masked[field.name] ? `Stored: ${masked[field.name]}` : null,
          field.default !== undefined && field.kind !== 'boolean'
            ? `Default: ${String(field.default)}`
            : null,
        ]
          .filter(Boolean)
          .join(' · ');
        if (field.kind === 'boolean') {
          return (
            <div key={name} className="flex items-center gap-2 self-end pb-2 text-sm font-medium">
              <Checkbox id={`${idPrefix}-${name}`} {...register(name)} />
              <label htmlFor={`${idPrefix}-${name}`}>{field.label}</label>
            </div>
          );
        }
        return (
          <Field key={name} label={label} error={error} hint={hint || undefined}>
            {field.kind === 'enum' ? (
              <NativeSelect defaultValue={String(defaults[field.name] ?? '')} {...register(name)}>
                {!field.required && field.default === undefined && <option value="">—</option>}
                {field.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </NativeSelect>
            ) : (
              <Input
                type={field.kind === 'secret' ? 'password' : 'text'}
                inputMode={
                  field.kind === 'integer' ? 'numeric' : field.kind === 'number' ? 'decimal' : undefined
                }
                autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
                spellCheck={false}
                {...register(name)}
              />
            )}
          </Field>
        );
      })}
    </div>
  );
}
