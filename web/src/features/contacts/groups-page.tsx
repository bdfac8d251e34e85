import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { ContactGroup } from '../../api/types';
import { type Column, DataTable, parseSort, RowLink, tableState } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { SearchInput } from '../../components/search-input';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../../components/ui/dialog';
import { EmptyState } from '../../components/ui/empty-state';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { toast } from '../../components/ui/toast';
import { formatDateTime } from '../../lib/format';
import { apiListQuery } from '../../lib/list-search';
import { groupsRoute } from '../../router';
import { FormError } from '../auth/auth-layout';
import { useCan } from '../shell/use-context';
import { useContactGroups } from './queries';

/** Create a group (optionally with members) and open it. */
export function NewGroupButton({
  contactIds,
  label = 'New group',
  description: what,
}: {
  /** The members to add, resolved when the group is created (a selection, or every filter match). */
  contactIds?: () => Promise<string[]>;
  label?: string;
  description?: string;
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const create = async () => {
    if (!name.trim()) return setError('Give the group a name.');
    setBusy(true);
    setError(undefined);
    try {
      const group = await unwrap(
        api.POST('/v1/contact-groups', {
          body: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
        }),
      );
      const ids = contactIds ? await contactIds() : [];
      for (let i = 0; i < ids.length; i += 1_000) {
        await unwrap(
          api.POST('/v1/contact-groups/{id}/members', {
            params: { path: { id: group.id } },
            body: { contact_ids: ids.slice(i, i + 1_000) },
          }),
        );
      }
      await client.invalidateQueries({ queryKey: ['contact-groups'] });
      setOpen(false);
      setName('');
      setDescription('');
      toast('Group created');
      await navigate({ to: '/groups/$groupId', params: { groupId: group.id } });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={contactIds ? 'secondary' : 'primary'}>{label}</Button>
      </DialogTrigger>
      <DialogContent title="New group" description={what ?? 'Add members from its page.'}>
        <form
          className="flex flex-col gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <FormError message={error} />
          <Field label="Group name">
            <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Description (optional)">
            <Input value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
          </Field>
          <Button type="submit" loading={busy} className="self-end">
            Create group
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function GroupsPage() {
  const search = groupsRoute.useSearch();
  const navigate = useNavigate({ from: '/groups' });
  const canWrite = useCan('contacts:write');
  const groups = useContactGroups(
    apiListQuery(search, [search.q && `name:icontains:${search.q}`], 'name:asc'),
  );
  const update = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, page: undefined, ...next }) });
  const columns: Column<ContactGroup>[] = [
    {
      id: 'name',
      header: 'Name',
      sortField: 'name',
      cell: (g) => (
        <RowLink to="/groups/$groupId" params={{ groupId: g.id }}>
          {g.name}
        </RowLink>
      ),
    },
    { id: 'members', header: 'Members', cell: (g) => g.contact_count.toLocaleString() },
    {
      id: 'description',
      header: 'Description',
      cell: (g) => g.description ?? '—',
      className: 'hidden md:table-cell',
    },
    {
      id: 'created_at',
      header: 'Created',
      sortField: 'created_at',
      cell: (g) => formatDateTime(g.created_at),
      className: 'hidden lg:table-cell whitespace-nowrap',
    },
  ];
  return (
    <>
      <PageHeader
        title="Groups"
        description="Lists of contacts to send broadcasts and schedules to."
        actions={canWrite && <NewGroupButton />}
      />
      <div className="mb-4 sm:w-72">
        <SearchInput
          label="Search by name"
          className="w-full"
          value={search.q}
          onChange={(q) => update({ q })}
        />
      </div>
      <div className="flex flex-col gap-4">
        <DataTable
          caption="Groups"
          columns={columns}
          {...tableState(groups)}
          rowKey={(g) => g.id}
          sort={parseSort(search.sort, { field: 'name', direction: 'asc' })}
          onSortChange={(s) => update({ sort: `${s.field}:${s.direction}` })}
          onRowOpen={(g) => void navigate({ to: '/groups/$groupId', params: { groupId: g.id } })}
          empty={
            <EmptyState
              title={search.q ? 'No group matches' : 'No groups yet'}
              description="Create one here, save a contacts filter as a group, or import a CSV with a groups column."
              action={
                <Button asChild variant="secondary">
                  <Link to="/contacts/import">Import contacts</Link>
                </Button>
              }
            />
          }
        />
        {groups.data && groups.data.total > 0 && (
          <Pagination
            page={groups.data.page}
            pageSize={groups.data.page_size}
            total={groups.data.total}
            onChange={(p) => update(p)}
          />
        )}
      </div>
    </>
  );
}
