import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useRef, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { Contact, GroupMessageCreate } from '../../api/types';
import { ContactPicker, contactLabel } from '../../components/contact-picker';
import { LivePreview, usePreview } from '../../components/live-preview';
import { CannotSendState, NoChannelState } from '../../components/no-channel-state';
import { PageHeader } from '../../components/page-header';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Input, NativeSelect, Textarea } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../../components/ui/tabs';
import { toast } from '../../components/ui/toast';
import { cn } from '../../lib/cn';
import { BUILT_IN_VARIABLES, detectVariables } from '../../lib/template-variables';
import { FormError } from '../auth/auth-layout';
import { CHANNEL_TYPE_LABELS, useAllChannels } from '../channels/queries';
import { GroupChecklist } from '../contacts/group-checklist';
import { useCan } from '../shell/use-context';
import { useTemplate, useTemplates } from '../templates/queries';
import { useRecipientCount } from './audience';

const STEPS = ['Channel', 'Audience', 'Content', 'Send'] as const;
type When = 'now' | 'draft' | 'later';

function ContactList({
  label,
  contacts,
  onRemove,
}: {
  label: string;
  contacts: Contact[];
  onRemove: (id: string) => void;
}) {
  if (contacts.length === 0) return null;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2">
      {contacts.map((c) => (
        <li key={c.id}>
          <Badge className="py-1">
            {contactLabel(c)}
            <button
              type="button"
              aria-label={`Remove ${contactLabel(c)}`}
              className="ml-1 text-muted hover:text-fg"
              onClick={() => onRemove(c.id)}
            >
              ✕
            </button>
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/** The broadcast wizard: channel → audience (live count) → content (preview) → send, draft or schedule. */
export function NewGroupMessagePage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const channels = useAllChannels();
  const canSend = useCan('group_messages:send');

  const templates = useTemplates({ page: '1', page_size: '100', sort: 'name:asc' });
  const [step, setStep] = useState(0);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());

  const [name, setName] = useState('');
  const [channelId, setChannelId] = useState('');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [extras, setExtras] = useState<Contact[]>([]);
  const [excluded, setExcluded] = useState<Contact[]>([]);
  const [mode, setMode] = useState<'text' | 'template'>('text');
  const [body, setBody] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [when, setWhen] = useState<When>('now');
  const [scheduledAt, setScheduledAt] = useState('');
  const [sendRate, setSendRate] = useState('');

  const enabled = useMemo(() => channels.data?.items.filter((c) => c.is_enabled) ?? [], [channels.data]);
  const channel = enabled.find((c) => c.id === channelId);
  const audience = useMemo(
    () => ({ groupIds, contactIds: extras.map((c) => c.id), excludeIds: excluded.map((c) => c.id) }),
    [groupIds, extras, excluded],
  );
  const count = useRecipientCount(audience);
  const template = useTemplate(mode === 'template' && templateId ? templateId : undefined);
  const variableNames = (
    mode === 'template' ? (template.data?.variables ?? []) : detectVariables(body)
  ).filter((v) => !BUILT_IN_VARIABLES.has(v));
  const custom = Object.fromEntries(
    variableNames.map((n) => [n, variables[n] ?? '']).filter(([, v]) => v !== ''),
  );
  // A sample recipient for the preview: the first extra contact, else the first of the groups.
  const sample = useQuery({
    queryKey: ['contacts', 'sample', groupIds, extras[0]?.id],
    queryFn: async () =>
      extras[0] ??
      (
        await unwrap(
          api.GET('/v1/contacts', {
            params: {
              query: {
                page_size: '1',
                sort: 'created_at:asc',
                filter: [`group_id:in:${groupIds.join(',')}`],
              },
            },
          }),
        )
      ).items[0] ??
      null,
    enabled: step >= 2 && (extras.length > 0 || groupIds.length > 0),
  });

  const problem = (): string | undefined => {
    if (step === 0) {
      if (!name.trim()) return 'Give the broadcast a name.';
      if (!channel) return 'Choose a channel.';
    }
    if (step === 1 && groupIds.length === 0 && extras.length === 0)
      return 'Choose at least one group or contact.';
    if (step === 2) {
      if (mode === 'text' && !body.trim()) return 'Write the message.';
      if (mode === 'template' && !templateId) return 'Choose a template.';
    }
    if (step === 3 && when === 'later' && !scheduledAt) return 'Choose when to send it.';
    return undefined;
  };
  const next = () => {
    const p = problem();
    setError(p);
    if (!p) setStep((s) => s + 1);
  };

  const submit = async () => {
    const p = problem();
    setError(p);
    if (p) return;
    const payload: GroupMessageCreate = {
      name: name.trim(),
      channel_id: channelId,
      contact_group_ids: groupIds,
      ...(extras.length > 0 ? { contact_ids: extras.map((c) => c.id) } : {}),
      ...(excluded.length > 0 ? { exclude_contact_ids: excluded.map((c) => c.id) } : {}),
      ...(mode === 'text' ? { message_body: body } : { template_id: templateId }),
      ...(Object.keys(custom).length > 0 ? { variables: custom } : {}),
      ...(sendRate ? { send_rate: Number(sendRate) } : {}),
      status: when === 'draft' ? 'draft' : 'queued',
      ...(when === 'later' ? { scheduled_at: new Date(scheduledAt).toISOString() } : {}),
    };
    setBusy(true);
    try {
      const created = await unwrap(
        api.POST('/v1/group-messages', {
          body: payload,
          params: { header: { 'idempotency-key': idempotencyKey.current } as never },
        }),
      );
      idempotencyKey.current = crypto.randomUUID();
      await client.invalidateQueries({ queryKey: ['group-messages'] });
      toast(
        when === 'draft' ? 'Draft saved' : when === 'later' ? 'Broadcast scheduled' : 'Broadcast started',
      );
      await navigate({ to: '/broadcasts/$groupMessageId', params: { groupMessageId: created.id } });
    } catch (e) {
      const fields = (e as { fieldErrors?: { path: string; message: string }[] }).fieldErrors ?? [];
      setError([(e as Error).message, ...fields.map((f) => `${f.path}: ${f.message}`)].join(' — '));
    } finally {
      setBusy(false);
    }
  };

  const recipients = count.data;
  const base =
    mode === 'text'
      ? body.trim()
        ? { message_body: body }
        : undefined
      : templateId
        ? { template_id: templateId }
        : undefined;
  const previewInput = base && {
    ...base,
    ...(sample.data ? { contact_id: sample.data.id } : {}),
    ...(Object.keys(custom).length > 0 ? { variables: custom } : {}),
    ...(channel ? { channel_type: channel.channel_type } : {}),
  };
  const { preview } = usePreview(step >= 2 ? previewInput : undefined);

  if (!canSend) return <CannotSendState title="New broadcast" />;
  if (channels.isLoading) return <Skeleton className="h-96 w-full" />;
  if (channels.data && enabled.length === 0) {
    return <NoChannelState title="New broadcast" then="create a broadcast" />;
  }

  const recipientText =
    groupIds.length + extras.length === 0
      ? 'No recipients yet'
      : recipients === undefined
        ? count.isError
          ? 'Recipients not counted'
          : 'Counting recipients…'
        : `${recipients.toLocaleString()} ${recipients === 1 ? 'recipient' : 'recipients'}`;

  return (
    <>
      <PageHeader title="New broadcast" description="One message to many contacts, now or later." />
      <ol aria-label="Steps" className="mb-6 flex flex-wrap gap-2 text-sm">
        {STEPS.map((label, i) => (
          <li
            key={label}
            aria-current={i === step ? 'step' : undefined}
            className={cn(
              'flex items-center gap-2 rounded-full border px-3 py-1',
              i === step ? 'border-primary font-semibold text-fg' : 'border-border text-muted',
            )}
          >
            <span aria-hidden>{i + 1}</span> {label}
          </li>
        ))}
      </ol>
      <div className="grid gap-8 xl:grid-cols-[1fr_24rem]">
        <form
          noValidate
          className="flex min-w-0 flex-col gap-6"
          onSubmit={(e) => {
            e.preventDefault();
            if (step < STEPS.length - 1) next();
            else void submit();
          }}
        >
          <FormError message={error} />
          {step === 0 && (
            <fieldset className="flex flex-col gap-4">
              <legend className="mb-2 text-sm font-semibold">Channel</legend>
              <Field label="Name" hint="For you: recipients do not see it">
                <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
              </Field>
              <Field label="Channel">
                <NativeSelect value={channelId} onChange={(e) => setChannelId(e.target.value)}>
                  <option value="">Choose a channel…</option>
                  {enabled.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({CHANNEL_TYPE_LABELS[c.channel_type]})
                    </option>
                  ))}
                </NativeSelect>
              </Field>
            </fieldset>
          )}
          {step === 1 && (
            <>
              <fieldset className="flex flex-col gap-2">
                <legend className="mb-2 text-sm font-semibold">Groups</legend>
                <GroupChecklist
                  value={groupIds}
                  onChange={setGroupIds}
                  empty={
                    <>
                      No groups yet.{' '}
                      <Link to="/contacts/import" className="text-primary underline">
                        Import contacts
                      </Link>{' '}
                      with a groups column, or pick contacts below.
                    </>
                  }
                />
              </fieldset>
              <fieldset className="flex flex-col gap-2">
                <legend className="mb-2 text-sm font-semibold">Extra contacts</legend>
                <ContactPicker
                  label="Add a contact"
                  selected={undefined}
                  onSelect={(c) =>
                    c && setExtras((list) => (list.some((x) => x.id === c.id) ? list : [...list, c]))
                  }
                />
                <ContactList
                  label="Extra contacts"
                  contacts={extras}
                  onRemove={(id) => setExtras((list) => list.filter((c) => c.id !== id))}
                />
              </fieldset>
              <fieldset className="flex flex-col gap-2">
                <legend className="mb-2 text-sm font-semibold">Exclusions</legend>
                <ContactPicker
                  label="Exclude a contact"
                  selected={undefined}
                  onSelect={(c) =>
                    c && setExcluded((list) => (list.some((x) => x.id === c.id) ? list : [...list, c]))
                  }
                />
                <ContactList
                  label="Excluded contacts"
                  contacts={excluded}
                  onRemove={(id) => setExcluded((list) => list.filter((c) => c.id !== id))}
                />
              </fieldset>
            </>
          )}
          {step === 2 && (
            <>
              <fieldset className="flex flex-col gap-3">
                <legend className="mb-2 text-sm font-semibold">Content</legend>
                <Tabs value={mode} onValueChange={(m) => setMode(m as 'text' | 'template')}>
                  <TabsList label="Content">
                    <TabsTrigger value="text">Write text</TabsTrigger>
                    <TabsTrigger value="template">Use a template</TabsTrigger>
                  </TabsList>
                  <TabsContent value="text">
                    <Field label="Message" hint="Placeholders such as {FIRST_NAME} are filled per contact">
                      <Textarea rows={6} value={body} onChange={(e) => setBody(e.target.value)} />
                    </Field>
                  </TabsContent>
                  <TabsContent value="template">
                    <Field label="Template">
                      <NativeSelect value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
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
                  <legend className="mb-2 text-sm font-semibold">Variables (same for every recipient)</legend>
                  {variableNames.map((n) => (
                    <Field key={n} label={n} hint="Overrides the contact's value">
                      <Input
                        autoComplete="off"
                        value={variables[n] ?? ''}
                        onChange={(e) => setVariables((v) => ({ ...v, [n]: e.target.value }))}
                      />
                    </Field>
                  ))}
                </fieldset>
              )}
            </>
          )}
          {step === 3 && (
            <fieldset className="flex flex-col gap-4">
              <legend className="mb-2 text-sm font-semibold">Send</legend>
              <div className="flex flex-wrap gap-4 text-sm">
                {(
                  [
                    ['now', 'Send now'],
                    ['later', 'Schedule'],
                    ['draft', 'Save as draft'],
                  ] as const
                ).map(([value, label]) => (
                  <label key={value} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="when"
                      value={value}
                      checked={when === value}
                      onChange={() => setWhen(value)}
                      className="accent-primary"
                    />
                    {label}
                  </label>
                ))}
              </div>
              {when === 'later' && (
                <Field label="Send at (your local time)" className="sm:w-72">
                  <Input
                    type="datetime-local"
                    value={scheduledAt}
                    onChange={(e) => setScheduledAt(e.target.value)}
                  />
                </Field>
              )}
              <Field
                label="Send rate (optional)"
                hint="Messages per second; empty uses the channel's rate"
                className="sm:w-72"
              >
                <Input
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={sendRate}
                  onChange={(e) => setSendRate(e.target.value)}
                />
              </Field>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md border border-border bg-surface p-4 text-sm">
                <dt className="text-muted">Name</dt>
                <dd>{name}</dd>
                <dt className="text-muted">Channel</dt>
                <dd>{channel?.name}</dd>
                <dt className="text-muted">Audience</dt>
                <dd>{recipientText}</dd>
              </dl>
            </fieldset>
          )}
          <div className="flex flex-wrap gap-2">
            {step > 0 && (
              <Button variant="secondary" onClick={() => setStep((s) => s - 1)}>
                Back
              </Button>
            )}
            {step < STEPS.length - 1 ? (
              <Button type="submit">Next</Button>
            ) : (
              <Button type="submit" loading={busy}>
                {when === 'draft' ? 'Save draft' : when === 'later' ? 'Schedule broadcast' : 'Send broadcast'}
              </Button>
            )}
          </div>
        </form>
        <aside className="flex flex-col gap-4 xl:sticky xl:top-20 xl:self-start">
          <section aria-live="polite" className="rounded-lg border border-border bg-surface p-4">
            <h2 className="text-sm font-semibold">Audience</h2>
            <p className="mt-1 text-2xl font-semibold" data-testid="recipient-count">
              {recipientText}
            </p>
            {recipients !== undefined && (
              <p className="mt-1 text-xs text-muted">
                Contacts without an address for this channel, and opted-out ones, are skipped when sending.
              </p>
            )}
            {recipients === undefined && count.error && (
              <div role="alert" className="mt-2 flex flex-wrap items-center gap-2 text-sm text-danger">
                <span data-testid="recipient-count-error">{count.error.message}</span>
                <Button type="button" variant="secondary" size="sm" onClick={() => void count.refetch()}>
                  Count again
                </Button>
              </div>
            )}
          </section>
          {step >= 2 && (
            <>
              <LivePreview input={step >= 2 ? previewInput : undefined} />
              {recipients !== undefined && preview.data && (
                <p className="text-sm" data-testid="segments-total">
                  About {(preview.data.segments * recipients).toLocaleString()} segments in all (
                  {preview.data.segments} per message × {recipients.toLocaleString()} recipients; bodies that
                  vary per contact may differ).
                </p>
              )}
              {sample.data && (
                <p className="text-xs text-muted">Previewed for {contactLabel(sample.data)}.</p>
              )}
            </>
          )}
        </aside>
      </div>
    </>
  );
}
