import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { api } from '../../api/client';
import { applyFieldErrors, unwrap } from '../../api/problem';
import type { Contact } from '../../api/types';
import { ContactPicker } from '../../components/contact-picker';
import { LivePreview } from '../../components/live-preview';
import { CannotSendState, NoChannelState } from '../../components/no-channel-state';
import { PageHeader } from '../../components/page-header';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Input, NativeSelect, Textarea } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../../components/ui/tabs';
import { toast } from '../../components/ui/toast';
import { BUILT_IN_VARIABLES, detectVariables } from '../../lib/template-variables';
import { composeRoute } from '../../router';
import { FormError } from '../auth/auth-layout';
import { CHANNEL_TYPE_LABELS, useAllChannels } from '../channels/queries';
import { useCan } from '../shell/use-context';
import { useTemplate, useTemplates } from '../templates/queries';
import {
  ADDRESS_RULES,
  addressProblem,
  type ComposeValues,
  composeSchema,
  toMessageBody,
} from './compose-form';

const FIELDS = [
  'channel_id',
  'contact_id',
  'delivery_address',
  'template_id',
  'message_body',
  'subject',
  'scheduled_at',
];

export function ComposePage() {
  const search = composeRoute.useSearch();
  const navigate = useNavigate();
  const client = useQueryClient();
  const channels = useAllChannels();
  const canSend = useCan('messages:send');
  const templates = useTemplates({ page: '1', page_size: '100', sort: 'name:asc' });
  const [contact, setContact] = useState<Contact>();
  const [formError, setFormError] = useState<string>();
  // One key per composed message: a double submit or a retried request creates one message.
  const idempotencyKey = useRef(crypto.randomUUID());

  const form = useForm<ComposeValues>({
    resolver: zodResolver(composeSchema),
    defaultValues: {
      channel_id: search.channel_id ?? '',
      recipient_mode: 'address',
      contact_id: '',
      delivery_address: '',
      content_mode: search.template_id ? 'template' : 'text',
      template_id: search.template_id ?? '',
      message_body: '',
      subject: '',
      variables: {},
      when: 'now',
      scheduled_at: '',
    },
  });
  const { errors, isSubmitting } = form.formState;
  const values = useWatch({ control: form.control });
  const enabled = useMemo(() => channels.data?.items.filter((c) => c.is_enabled) ?? [], [channels.data]);
  const channel = enabled.find((c) => c.id === values.channel_id);
  const template = useTemplate(
    values.content_mode === 'template' && values.template_id ? values.template_id : undefined,
  );
  const variableNames = (
    values.content_mode === 'template'
      ? (template.data?.variables ?? [])
      : detectVariables(values.message_body, values.subject)
  ).filter((v) => !BUILT_IN_VARIABLES.has(v));
  const rule = channel ? ADDRESS_RULES[channel.channel_type] : undefined;

  const submit = form.handleSubmit(async (v) => {
    setFormError(undefined);
    const badAddress =
      v.recipient_mode === 'address' ? addressProblem(channel?.channel_type, v.delivery_address) : undefined;
    if (badAddress) {
      form.setError('delivery_address', { message: badAddress });
      return;
    }
    try {
      const created = await unwrap(
        api.POST('/v1/messages', {
          body: toMessageBody(v, variableNames),
          params: { header: { 'idempotency-key': idempotencyKey.current } as never },
        }),
      );
      idempotencyKey.current = crypto.randomUUID();
      await client.invalidateQueries({ queryKey: ['messages'] });
      toast(created.status === 'scheduled' ? 'Message scheduled' : 'Message queued', {
        description: 'Follow its status in the messages table.',
      });
      await navigate({ to: '/messages', search: { message: created.id } });
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setError, FIELDS));
    }
  });

  if (!canSend) return <CannotSendState title="Compose" />;
  if (channels.isLoading) return <Skeleton className="h-96 w-full" />;
  if (channels.data && enabled.length === 0) return <NoChannelState title="Compose" then="compose" />;

  const previewInput =
    values.content_mode === 'template'
      ? values.template_id
        ? { template_id: values.template_id }
        : undefined
      : values.message_body?.trim()
        ? { message_body: values.message_body }
        : undefined;
  const customVariables = Object.fromEntries(
    variableNames.map((n) => [n, values.variables?.[n] ?? '']).filter(([, value]) => value !== ''),
  );

  return (
    <>
      <PageHeader title="Compose" description="Send one message now or at a time you choose." />
      <div className="grid gap-8 xl:grid-cols-[1fr_24rem]">
        <form onSubmit={submit} noValidate className="flex min-w-0 flex-col gap-6">
          <FormError message={formError} />
          <Field label="Channel" error={errors.channel_id?.message}>
            <NativeSelect {...form.register('channel_id')}>
              <option value="">Choose a channel…</option>
              {enabled.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({CHANNEL_TYPE_LABELS[c.channel_type]})
                </option>
              ))}
            </NativeSelect>
          </Field>

          <fieldset className="flex flex-col gap-3">
            <legend className="mb-2 text-sm font-semibold">Recipient</legend>
            <Tabs
              value={values.recipient_mode}
              onValueChange={(mode) =>
                form.setValue('recipient_mode', mode as ComposeValues['recipient_mode'])
              }
            >
              <TabsList label="Recipient">
                <TabsTrigger value="address">Type an address</TabsTrigger>
                <TabsTrigger value="contact">Choose a contact</TabsTrigger>
              </TabsList>
              <TabsContent value="address">
                <Field label={rule?.label ?? 'Address'} error={errors.delivery_address?.message}>
                  <Input
                    autoComplete="off"
                    placeholder={rule?.placeholder}
                    {...form.register('delivery_address')}
                  />
                </Field>
              </TabsContent>
              <TabsContent value="contact">
                <ContactPicker
                  label="Recipient contact"
                  selected={contact}
                  onSelect={(c) => {
                    setContact(c);
                    form.setValue('contact_id', c?.id ?? '', { shouldValidate: form.formState.isSubmitted });
                  }}
                />
                {errors.contact_id && (
                  <p role="alert" className="mt-1 text-xs font-medium text-danger">
                    {errors.contact_id.message}
                  </p>
                )}
              </TabsContent>
            </Tabs>
          </fieldset>

          <fieldset className="flex flex-col gap-3">
            <legend className="mb-2 text-sm font-semibold">Content</legend>
            <Tabs
              value={values.content_mode}
              onValueChange={(mode) => form.setValue('content_mode', mode as ComposeValues['content_mode'])}
            >
              <TabsList label="Content">
                <TabsTrigger value="text">Write text</TabsTrigger>
                <TabsTrigger value="template">Use a template</TabsTrigger>
              </TabsList>
              <TabsContent value="text" className="flex flex-col gap-4">
                {channel?.channel_type === 'email' && (
                  <Field label="Subject" error={errors.subject?.message}>
                    <Input {...form.register('subject')} />
                  </Field>
                )}
                <Field
                  label="Message"
                  hint="Placeholders such as {CODE} become inputs below"
                  error={errors.message_body?.message}
                >
                  <Textarea rows={6} {...form.register('message_body')} />
                </Field>
              </TabsContent>
              <TabsContent value="template">
                <Field label="Template" error={errors.template_id?.message}>
                  <NativeSelect {...form.register('template_id')}>
                    <option value="">Choose a template…</option>
                    {templates.data?.items.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </NativeSelect>
                </Field>
              </TabsContent>
            </Tabs>
          </fieldset>

          {variableNames.length > 0 && (
            <fieldset className="grid gap-3 sm:grid-cols-2">
              <legend className="mb-2 text-sm font-semibold">Variables</legend>
              {variableNames.map((name) => (
                <Field key={name} label={name} hint="Overrides the contact's value">
                  <Input autoComplete="off" {...form.register(`variables.${name}`)} />
                </Field>
              ))}
            </fieldset>
          )}

          <fieldset className="flex flex-col gap-3">
            <legend className="mb-2 text-sm font-semibold">When</legend>
            <div className="flex flex-wrap gap-4 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" value="now" className="accent-primary" {...form.register('when')} /> Send
                now
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" value="later" className="accent-primary" {...form.register('when')} />{' '}
                Schedule
              </label>
            </div>
            {values.when === 'later' && (
              <Field
                label="Send at (your local time)"
                error={errors.scheduled_at?.message}
                className="sm:w-72"
              >
                <Input type="datetime-local" {...form.register('scheduled_at')} />
              </Field>
            )}
          </fieldset>

          <Button type="submit" loading={isSubmitting} className="self-start">
            {values.when === 'later' ? 'Schedule message' : 'Send message'}
          </Button>
        </form>
        <aside className="xl:sticky xl:top-20 xl:self-start">
          <LivePreview
            input={
              previewInput && {
                ...previewInput,
                ...(values.recipient_mode === 'contact' && values.contact_id
                  ? { contact_id: values.contact_id }
                  : {}),
                ...(Object.keys(customVariables).length > 0 ? { variables: customVariables } : {}),
                ...(channel ? { channel_type: channel.channel_type } : {}),
              }
            }
          />
        </aside>
      </div>
    </>
  );
}
