import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { api } from '../../api/client';
import { ApiError, applyFieldErrors, unwrap } from '../../api/problem';
import type { Contact, Template } from '../../api/types';
import { ContactPicker } from '../../components/contact-picker';
import { LivePreview } from '../../components/live-preview';
import { PageHeader } from '../../components/page-header';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../../components/ui/dialog';
import { ErrorState } from '../../components/ui/empty-state';
import { Field } from '../../components/ui/field';
import { Input, NativeSelect, Textarea } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { toast } from '../../components/ui/toast';
import { BUILT_IN_VARIABLES, detectVariables } from '../../lib/template-variables';
import { templateRoute } from '../../router';
import { FormError } from '../auth/auth-layout';
import { CHANNEL_TYPE_LABELS } from '../channels/queries';
import { useTemplate } from './queries';
import {
  FALLBACKS,
  type TemplateFormValues,
  templateDefaults,
  templateFormSchema,
  toTemplateBody,
} from './template-form';

const FIELDS = [
  'name',
  'channel_type',
  'category',
  'language',
  'subject',
  'message_body',
  'fallback_strategy',
  'external_template_id',
];

function TemplateEditor({ template }: { template?: Template }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [formError, setFormError] = useState<string>();
  const [contact, setContact] = useState<Contact>();
  const form = useForm<TemplateFormValues>({
    resolver: zodResolver(templateFormSchema),
    defaultValues: templateDefaults(template),
  });
  const { errors, isSubmitting } = form.formState;
  const [body, subject, channelType, fallback] = useWatch({
    control: form.control,
    name: ['message_body', 'subject', 'channel_type', 'fallback_strategy'],
  });
  const variables = detectVariables(body, subject);

  const submit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      const payload = toTemplateBody(values);
      const saved = template
        ? await unwrap(
            api.PATCH('/v1/templates/{id}', { params: { path: { id: template.id } }, body: payload }),
          )
        : await unwrap(api.POST('/v1/templates', { body: payload }));
      client.setQueryData(['templates', 'one', saved.id], saved);
      await client.invalidateQueries({ queryKey: ['templates'], refetchType: 'none' });
      toast(template ? 'Template saved' : 'Template created');
      if (!template) await navigate({ to: '/templates/$templateId', params: { templateId: saved.id } });
    } catch (error) {
      const rename = Object.fromEntries(variables.map((v) => [`default_values.${v}`, `default_values.${v}`]));
      setFormError(
        applyFieldErrors(
          error,
          form.setError,
          [...FIELDS, ...variables.map((v) => `default_values.${v}`)],
          rename,
        ),
      );
    }
  });

  return (
    <div className="grid gap-8 xl:grid-cols-[1fr_24rem]">
      <form onSubmit={submit} noValidate className="flex min-w-0 flex-col gap-5">
        <FormError message={formError} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" error={errors.name?.message}>
            <Input autoComplete="off" {...form.register('name')} />
          </Field>
          <Field
            label="Channel type"
            hint="Any: usable on every channel"
            error={errors.channel_type?.message}
          >
            <NativeSelect {...form.register('channel_type')}>
              <option value="">Any</option>
              {Object.entries(CHANNEL_TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Category (optional)" error={errors.category?.message}>
            <Input autoComplete="off" {...form.register('category')} />
          </Field>
          <Field label="Language (optional)" hint="e.g. en, sw, fr" error={errors.language?.message}>
            <Input autoComplete="off" {...form.register('language')} />
          </Field>
          {channelType === 'whatsapp' && (
            <Field
              label="Approved template name"
              hint="The WhatsApp template this maps to; variables are sent as its parameters in order"
              error={errors.external_template_id?.message}
            >
              <Input autoComplete="off" {...form.register('external_template_id')} />
            </Field>
          )}
        </div>
        {channelType === 'email' && (
          <Field label="Subject" error={errors.subject?.message}>
            <Input autoComplete="off" {...form.register('subject')} />
          </Field>
        )}
        <Field
          label="Message"
          hint="Placeholders: {FIRST_NAME}, {CODE}… Blocks: {{#if CITY}}…{{/if}}"
          error={errors.message_body?.message}
        >
          <Textarea rows={8} {...form.register('message_body')} />
        </Field>

        <section aria-labelledby="variables-heading" className="flex flex-col gap-3">
          <h2 id="variables-heading" className="text-sm font-semibold">
            Variables
          </h2>
          {variables.length === 0 ? (
            <p className="text-sm text-muted">None yet: type {'{NAME}'} in the message to add one.</p>
          ) : (
            <ul className="flex flex-wrap gap-2" aria-label="Detected variables">
              {variables.map((v) => (
                <li key={v}>
                  <Badge tone={BUILT_IN_VARIABLES.has(v) ? 'info' : 'neutral'}>{v}</Badge>
                </li>
              ))}
            </ul>
          )}
          <Field label="When a variable has no value" error={errors.fallback_strategy?.message}>
            <NativeSelect {...form.register('fallback_strategy')}>
              {FALLBACKS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          {fallback === 'use_default' && variables.length > 0 && (
            <div className="grid gap-3 sm:grid-cols-2">
              {variables.map((v) => (
                <Field key={v} label={`Default for ${v}`} error={errors.default_values?.[v]?.message}>
                  <Input autoComplete="off" {...form.register(`default_values.${v}`)} />
                </Field>
              ))}
            </div>
          )}
        </section>

        <div className="flex flex-wrap gap-2">
          <Button type="submit" loading={isSubmitting}>
            {template ? 'Save template' : 'Create template'}
          </Button>
          {template && (
            <Button variant="secondary" asChild>
              <Link to="/compose" search={{ template_id: template.id, channel_id: undefined }}>
                Send with this template
              </Link>
            </Button>
          )}
          {template && <DeleteTemplate template={template} />}
        </div>
      </form>

      <aside className="flex flex-col gap-3 xl:sticky xl:top-20 xl:self-start">
        <p className="text-sm font-medium" id="preview-contact-label">
          Preview for a contact (optional)
        </p>
        <ContactPicker label="Preview for a contact" selected={contact} onSelect={setContact} />
        <LivePreview
          input={
            body.trim() === ''
              ? undefined
              : {
                  message_body: body,
                  ...(contact ? { contact_id: contact.id } : {}),
                  ...(channelType ? { channel_type: channelType as never } : {}),
                }
          }
        />
      </aside>
    </div>
  );
}

function DeleteTemplate({ template }: { template: Template }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="ghost" className="text-danger">
          Delete
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete “${template.name}”?`}
        description="Messages already sent keep their text."
      >
        {error && (
          <p role="alert" className="mb-3 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Keep it</Button>
          </DialogClose>
          <Button
            variant="danger"
            loading={pending}
            onClick={async () => {
              setPending(true);
              try {
                await unwrap(api.DELETE('/v1/templates/{id}', { params: { path: { id: template.id } } }));
                await client.invalidateQueries({ queryKey: ['templates'] });
                toast('Template deleted');
                await navigate({ to: '/templates' });
              } catch (e) {
                setError(e instanceof Error ? e.message : 'Could not delete');
              } finally {
                setPending(false);
              }
            }}
          >
            Delete
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

export function NewTemplatePage() {
  return (
    <>
      <PageHeader title="New template" description="The preview updates as you type." />
      <TemplateEditor />
    </>
  );
}

export function EditTemplatePage() {
  const { templateId } = templateRoute.useParams();
  const template = useTemplate(templateId);
  if (template.error) {
    const missing = template.error instanceof ApiError && template.error.status === 404;
    return (
      <ErrorState
        error={missing ? new Error('This template does not exist in this account.') : template.error}
        onRetry={() => void template.refetch()}
      />
    );
  }
  if (!template.data) {
    return (
      <div className="flex flex-col gap-4" aria-busy>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-96 w-full" />
      </div>
    );
  }
  return (
    <>
      <PageHeader
        title={template.data.name}
        description="Edit the template; the preview updates as you type."
      />
      <TemplateEditor key={template.data.updated_at} template={template.data} />
    </>
  );
}
