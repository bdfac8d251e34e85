import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { Contact } from '../../api/types';
import { contactLabel } from '../../components/contact-picker';
import { type Column, DataTable, parseSort, RowLink, tableState } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Checkbox } from '../../components/ui/input';
import { toast } from '../../components/ui/toast';
import { formatDateTime } from '../../lib/format';
import { apiListQuery } from '../../lib/list-search';
import { contactsRoute } from '../../router';
import { useCan } from '../shell/use-context';
import { FilterBuilder } from './filter-builder';
import { GroupSelect } from './group-checklist';
import { NewGroupButton } from './groups-page';
import { useContacts } from './queries';

/** Every id matching the filters, page by page (at most 10,000: a group's members input limit). */
async function allMatchingIds(filter: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < 10_000; page++) {
    const res = await unwrap(
      api.GET('/v1/contacts', {
        params: {
          query: {
            page: String(page),
            page_size: '100',
            sort: 'created_at:asc',
            ...(filter.length ? { filter } : {}),
          },
        },
      }),
    );
    ids.push(...res.items.map((c) => c.id));
    if (res.items.length < 100) break;
  }
  return ids;
}

function AddToGroup({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const client = useQueryClient();
  const [groupId, setGroupId] = useState('');
  return (
    <div className="flex flex-wrap items-center gap-2">
      <GroupSelect label="Group to add to" className="h-8 w-48" value={groupId} onChange={setGroupId} />
      <Button
        size="sm"
        disabled={!groupId}
        onClick={async () => {
          try {
            const res = await unwrap(
              api.POST('/v1/contact-groups/{id}/members', {
                params: { path: { id: groupId } },
                body: { contact_ids: ids },
              }),
            );
            await client.invalidateQueries({ queryKey: ['contact-groups'] });
            toast(`${res.added} added to the group`);
            onDone();
          } catch (e) {
            toast('Could not add them', { description: (e as Error).message, tone: 'error' });
          }
        }}
      >
        Add to group
      </Button>
    </div>
  );
}

export function ContactsPage() {
  const search = contactsRoute.useSearch();
  const navigate = useNavigate({ from: '/contacts' });
  const canWrite = useCan('contacts:write');
  const filters = search.filter ?? [];
  const contacts = useContacts(apiListQuery(search, filters, 'created_at:desc'));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const update = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, page: undefined, ...next }) });
  const rows = contacts.data?.items ?? [];
  const allOnPage = rows.length > 0 && rows.every((c) => selected.has(c.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const columns: Column<Contact>[] = [
    ...(canWrite
      ? [
          {
            id: 'select',
            header: 'Select',
            className: 'w-10',
            cell: (c: Contact) => (
              <Checkbox
                aria-label={`Select ${contactLabel(c)}`}
                checked={selected.has(c.id)}
                onClick={(e) => e.stopPropagation()}
                onChange={(e) => toggle(c.id, e.target.checked)}
              />
            ),
          },
        ]
      : []),
    {
      id: 'name',
      header: 'Name',
      sortField: 'name',
      cell: (c) => (
        <RowLink to="/contacts/$contactId" params={{ contactId: c.id }}>
          {c.name ?? ([c.first_name, c.last_name].filter(Boolean).join(' ') || 'Unnamed')}
        </RowLink>
      ),
    },
    { id: 'phone', header: 'Phone', sortField: 'phone', cell: (c) => c.phone ?? '—' },
    {
      id: 'email',
      header: 'Email',
      sortField: 'email',
      cell: (c) => c.email ?? '—',
      className: 'hidden md:table-cell',
    },
    {
      id: 'tags',
      header: 'Tags',
      className: 'hidden lg:table-cell',
      cell: (c) => (
        <span className="flex flex-wrap gap-1">
          {c.tags.map((t) => (
            <Badge key={t}>{t}</Badge>
          ))}
        </span>
      ),
    },
    {
      id: 'created_at',
      header: 'Created',
      sortField: 'created_at',
      cell: (c) => formatDateTime(c.created_at),
      className: 'hidden xl:table-cell whitespace-nowrap',
    },
  ];

  return (
    <>
      <PageHeader
        title="Contacts"
        description={
          contacts.data
            ? `${contacts.data.total.toLocaleString()} ${filters.length ? 'matching' : 'in the account'}`
            : undefined
        }
        actions={
          canWrite && (
            <>
              <Button variant="secondary" asChild>
                <Link to="/contacts/import">Import CSV</Link>
              </Button>
              <Button asChild>
                <Link to="/contacts/new">New contact</Link>
              </Button>
            </>
          )
        }
      />
      <div className="mb-4 flex flex-col gap-3">
        <FilterBuilder
          key={filters.join('|')}
          value={filters}
          onApply={(f) => update({ filter: f.length ? f : undefined })}
        />
        {canWrite && (
          <div className="flex flex-wrap items-center gap-3">
            {filters.length > 0 && (
              <NewGroupButton
                label="Save filter as group"
                description="Every contact matching the filters becomes a member."
                contactIds={() => allMatchingIds(filters)}
              />
            )}
            {rows.length > 0 && (
              <label htmlFor="select-page" className="flex items-center gap-2 text-sm">
                <Checkbox
                  id="select-page"
                  checked={allOnPage}
                  onChange={(e) => {
                    for (const c of rows) toggle(c.id, e.target.checked);
                  }}
                />
                Select this page
              </label>
            )}
            {selected.size > 0 && (
              <>
                <span className="text-sm">{selected.size} selected</span>
                <AddToGroup ids={[...selected]} onDone={() => setSelected(new Set())} />
              </>
            )}
          </div>
        )}
      </div>
      <div className="flex flex-col gap-4">
        <DataTable
          caption="Contacts"
          columns={columns}
          {...tableState(contacts)}
          rowKey={(c) => c.id}
          sort={parseSort(search.sort, { field: 'created_at', direction: 'desc' })}
          onSortChange={(s) => update({ sort: `${s.field}:${s.direction}` })}
          onRowOpen={(c) => void navigate({ to: '/contacts/$contactId', params: { contactId: c.id } })}
          empty={
            filters.length ? (
              <EmptyState title="No contact matches these filters" />
            ) : (
              <EmptyState
                title="No contacts yet"
                description="Import a CSV file or add contacts one by one."
                action={
                  canWrite && (
                    <Button asChild>
                      <Link to="/contacts/import">Import contacts</Link>
                    </Button>
                  )
                }
              />
            )
          }
        />
        {contacts.data && contacts.data.total > 0 && (
          <Pagination
            page={contacts.data.page}
            pageSize={contacts.data.page_size}
            total={contacts.data.total}
            onChange={(p) => update(p)}
          />
        )}
      </div>
    </>
  );
}
