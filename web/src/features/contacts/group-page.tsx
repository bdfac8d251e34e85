import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { Contact } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { ContactPicker, contactLabel } from '../../components/contact-picker';
import { type Column, DataTable, parseSort, RowLink, tableState } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { Button } from '../../components/ui/button';
import { EmptyState, ErrorState } from '../../components/ui/empty-state';
import { Skeleton } from '../../components/ui/skeleton';
import { toast } from '../../components/ui/toast';
import { groupRoute } from '../../router';
import { useCan } from '../shell/use-context';
import { useContacts } from './queries';

export function GroupPage() {
  const { groupId: id } = groupRoute.useParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const canWrite = useCan('contacts:write');
  const canSend = useCan('group_messages:send');
  const group = useQuery({
    queryKey: ['contact-groups', 'one', id],
    queryFn: () => unwrap(api.GET('/v1/contact-groups/{id}', { params: { path: { id } } })),
  });
  const [page, setPage] = useState({ page: 1, page_size: 20 });
  const [sort, setSort] = useState('name:asc');
  const members = useContacts({
    page: String(page.page),
    page_size: String(page.page_size),
    sort,
    filter: [`group_id:eq:${id}`],
  });
  const changed = async (message: string) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['contact-groups'] }),
      client.invalidateQueries({ queryKey: ['contacts'] }),
    ]);
    toast(message);
  };
  const members$ = async (method: 'POST' | 'DELETE', contactIds: string[]) => {
    try {
      const params = { params: { path: { id } }, body: { contact_ids: contactIds } };
      if (method === 'POST') await unwrap(api.POST('/v1/contact-groups/{id}/members', params));
      else await unwrap(api.DELETE('/v1/contact-groups/{id}/members', params));
      await changed(method === 'POST' ? 'Member added' : 'Member removed');
    } catch (e) {
      toast('That did not work', { description: (e as Error).message, tone: 'error' });
    }
  };

  if (group.error) return <ErrorState error={group.error} onRetry={() => void group.refetch()} />;
  if (!group.data) return <Skeleton className="h-96 w-full" />;
  const columns: Column<Contact>[] = [
    {
      id: 'name',
      header: 'Contact',
      sortField: 'name',
      cell: (c) => (
        <RowLink to="/contacts/$contactId" params={{ contactId: c.id }}>
          {contactLabel(c)}
        </RowLink>
      ),
    },
    { id: 'email', header: 'Email', cell: (c) => c.email ?? '—', className: 'hidden md:table-cell' },
    ...(canWrite
      ? [
          {
            id: 'remove',
            header: 'Actions',
            cell: (c: Contact) => (
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove ${contactLabel(c)} from the group`}
                onClick={(e) => {
                  e.stopPropagation();
                  void members$('DELETE', [c.id]);
                }}
              >
                Remove
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={group.data.name}
        description={`${group.data.contact_count.toLocaleString()} members${group.data.description ? ` · ${group.data.description}` : ''}`}
        actions={
          <>
            {canSend && (
              <Button asChild>
                <Link to="/broadcasts/new">New broadcast</Link>
              </Button>
            )}
            {canWrite && (
              <ConfirmButton
                label="Delete group"
                title={`Delete “${group.data.name}”?`}
                description="The contacts stay; only the group goes."
                confirmLabel="Delete group"
                onConfirm={async () => {
                  await unwrap(api.DELETE('/v1/contact-groups/{id}', { params: { path: { id } } }));
                  await changed('Group deleted');
                  await navigate({ to: '/groups' });
                }}
              />
            )}
          </>
        }
      />
      {canWrite && (
        <div className="mb-4 sm:w-96">
          <ContactPicker
            label="Add a member"
            selected={undefined}
            onSelect={(c) => c && void members$('POST', [c.id])}
          />
        </div>
      )}
      <div className="flex flex-col gap-4">
        <DataTable
          caption="Members"
          columns={columns}
          {...tableState(members)}
          rowKey={(c) => c.id}
          sort={parseSort(sort, { field: 'name', direction: 'asc' })}
          onSortChange={(s) => setSort(`${s.field}:${s.direction}`)}
          onRowOpen={(c) => void navigate({ to: '/contacts/$contactId', params: { contactId: c.id } })}
          empty={<EmptyState title="No members yet" description="Add contacts with the search above." />}
        />
        {members.data && members.data.total > 0 && (
          <Pagination
            page={members.data.page}
            pageSize={members.data.page_size}
            total={members.data.total}
            onChange={setPage}
          />
        )}
      </div>
    </>
  );
}
