import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/problem';
import type { Contact, ContactCreate } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { contactLabel } from '../../components/contact-picker';
import { DataTable, parseSort, tableState } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { Button } from '../../components/ui/button';
import { EmptyState, ErrorState } from '../../components/ui/empty-state';
import { Field } from '../../components/ui/field';
import { Input, Textarea } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { toast } from '../../components/ui/toast';
import { contactRoute } from '../../router';
import { FormError } from '../auth/auth-layout';
import { useMessageColumns } from '../messages/message-columns';
import { useMessages } from '../messages/queries';
import { useCan } from '../shell/use-context';

const TEXT_FIELDS = [
  ['name', 'Name'],
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['phone', 'Phone'],
  ['email', 'Email'],
  ['telegram_chat_id', 'Telegram chat id'],
] as const;
type TextField = (typeof TEXT_FIELDS)[number][0];
type Values = Record<TextField, string> & { tags: string; attributes: string };

const attributesText = (a: Contact['attributes']) =>
  Object.entries(a)
    .map(([k, v]) => `${k}=${v ?? ''}`)
    .join('\n');

/** `key=value` lines → attributes (numbers and true/false keep their type). */
export function parseAttributes(text: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    out[key] = /^-?\d+(\.\d+)?$/.test(raw)
      ? Number(raw)
      : raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : raw;
  }
  return out;
}

function ContactForm({ contact, canWrite }: { contact?: Contact; canWrite: boolean }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>(() => ({
    name: contact?.name ?? '',
    first_name: contact?.first_name ?? '',
    last_name: contact?.last_name ?? '',
    phone: contact?.phone ?? '',
    email: contact?.email ?? '',
    telegram_chat_id: contact?.telegram_chat_id ?? '',
    tags: contact?.tags.join(', ') ?? '',
    attributes: contact ? attributesText(contact.attributes) : '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setErrors({});
    setFormError(undefined);
    const body: ContactCreate = {
      ...Object.fromEntries(TEXT_FIELDS.map(([k]) => [k, values[k].trim() || null])),
      tags: values.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      attributes: parseAttributes(values.attributes),
    };
    try {
      const saved = contact
        ? await unwrap(api.PATCH('/v1/contacts/{id}', { params: { path: { id: contact.id } }, body }))
        : await unwrap(api.POST('/v1/contacts', { body }));
      await client.invalidateQueries({ queryKey: ['contacts'] });
      toast(contact ? 'Contact saved' : 'Contact created');
      if (!contact) await navigate({ to: '/contacts/$contactId', params: { contactId: saved.id } });
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors.length > 0) {
        setErrors(Object.fromEntries(e.fieldErrors.map((f) => [f.path.split('.')[0]!, f.message])));
      }
      setFormError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <FormError message={formError} />
      <fieldset disabled={!canWrite} className="grid gap-4 sm:grid-cols-2">
        <legend className="sr-only">Contact details</legend>
        {TEXT_FIELDS.map(([key, label]) => (
          <Field key={key} label={label} error={errors[key]}>
            <Input
              value={values[key]}
              autoComplete="off"
              onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
            />
          </Field>
        ))}
        <Field label="Tags" hint="Separated by commas" className="sm:col-span-2" error={errors.tags}>
          <Input value={values.tags} onChange={(e) => setValues((v) => ({ ...v, tags: e.target.value }))} />
        </Field>
        <Field
          label="Attributes"
          hint="One key=value per line; usable as {KEY} in templates"
          className="sm:col-span-2"
          error={errors.attributes}
        >
          <Textarea
            rows={4}
            value={values.attributes}
            onChange={(e) => setValues((v) => ({ ...v, attributes: e.target.value }))}
          />
        </Field>
      </fieldset>
      {canWrite && (
        <Button type="submit" loading={busy} className="self-start">
          {contact ? 'Save contact' : 'Create contact'}
        </Button>
      )}
    </form>
  );
}

function MessageHistory({ contactId }: { contactId: string }) {
  const navigate = useNavigate();
  const columns = useMessageColumns();
  const [page, setPage] = useState({ page: 1, page_size: 10 });
  const [sort, setSort] = useState('created_at:desc');
  const messages = useMessages({
    page: String(page.page),
    page_size: String(page.page_size),
    sort,
    filter: [`contact_id:eq:${contactId}`],
  });
  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-3">
      <h2 id="history-heading" className="text-base font-semibold">
        Messages (in and out)
      </h2>
      <DataTable
        caption="Messages with this contact"
        columns={columns}
        {...tableState(messages)}
        rowKey={(m) => m.id}
        sort={parseSort(sort, { field: 'created_at', direction: 'desc' })}
        onSortChange={(s) => setSort(`${s.field}:${s.direction}`)}
        onRowOpen={(m) => void navigate({ to: '/messages', search: { message: m.id } })}
        skeletonRows={3}
        empty={<EmptyState title="No messages with this contact yet" />}
      />
      {messages.data && messages.data.total > 0 && (
        <Pagination
          page={messages.data.page}
          pageSize={messages.data.page_size}
          total={messages.data.total}
          onChange={setPage}
        />
      )}
    </section>
  );
}

export function NewContactPage() {
  return (
    <>
      <PageHeader title="New contact" />
      <ContactForm canWrite />
    </>
  );
}

export function ContactPage() {
  const { contactId: id } = contactRoute.useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const canWrite = useCan('contacts:write');
  const contact = useQuery({
    queryKey: ['contacts', 'one', id],
    queryFn: () => unwrap(api.GET('/v1/contacts/{id}', { params: { path: { id } } })),
  });
  if (contact.error) return <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />;
  if (!contact.data) return <Skeleton className="h-96 w-full" />;
  return (
    <>
      <PageHeader
        title={contactLabel(contact.data)}
        actions={
          canWrite && (
            <ConfirmButton
              label="Delete contact"
              title="Delete this contact?"
              description="Their messages stay in the history, without the contact."
              confirmLabel="Delete contact"
              onConfirm={async () => {
                await unwrap(api.DELETE('/v1/contacts/{id}', { params: { path: { id } } }));
                await client.invalidateQueries({ queryKey: ['contacts'] });
                toast('Contact deleted');
                await navigate({ to: '/contacts' });
              }}
            />
          )
        }
      />
      <div className="grid gap-8 xl:grid-cols-2">
        <ContactForm key={contact.data.updated_at} contact={contact.data} canWrite={canWrite} />
        <MessageHistory contactId={id} />
      </div>
    </>
  );
}
