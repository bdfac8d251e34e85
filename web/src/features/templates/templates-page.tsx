import { Link, useNavigate } from '@tanstack/react-router';
import type { Template } from '../../api/types';
import { type Column, DataTable, parseSort } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { SearchInput } from '../../components/search-input';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { NativeSelect } from '../../components/ui/input';
import { formatRelative } from '../../lib/format';
import { apiListQuery } from '../../lib/list-search';
import { templatesRoute } from '../../router';
import { CHANNEL_TYPE_LABELS } from '../channels/queries';
import { useTemplates } from './queries';

const DEFAULT_SORT = 'updated_at:desc';

const columns: Column<Template>[] = [
  {
    id: 'name',
    header: 'Name',
    sortField: 'name',
    cell: (t) => (
      <Link
        to="/templates/$templateId"
        params={{ templateId: t.id }}
        className="font-medium text-primary hover:underline"
      >
        {t.name}
      </Link>
    ),
  },
  {
    id: 'body',
    header: 'Message',
    className: 'max-w-md',
    cell: (t) => <span className="line-clamp-1 text-muted">{t.message_body}</span>,
  },
  {
    id: 'variables',
    header: 'Variables',
    cell: (t) => (
      <span className="flex flex-wrap gap-1">
        {t.variables.slice(0, 4).map((v) => (
          <Badge key={v}>{v}</Badge>
        ))}
        {t.variables.length > 4 && <Badge>+{t.variables.length - 4}</Badge>}
      </span>
    ),
  },
  {
    id: 'channel_type',
    header: 'Channel',
    sortField: 'channel_type',
    cell: (t) =>
      t.channel_type
        ? (CHANNEL_TYPE_LABELS[t.channel_type as keyof typeof CHANNEL_TYPE_LABELS] ?? t.channel_type)
        : 'Any',
  },
  { id: 'category', header: 'Category', sortField: 'category', cell: (t) => t.category ?? '—' },
  {
    id: 'updated',
    header: 'Updated',
    sortField: 'updated_at',
    cell: (t) => <time dateTime={t.updated_at}>{formatRelative(t.updated_at)}</time>,
  },
];

export function TemplatesPage() {
  const search = templatesRoute.useSearch();
  const navigate = useNavigate({ from: '/templates' });
  const templates = useTemplates(
    apiListQuery(
      search,
      [
        search.q && `name:icontains:${search.q}`,
        search.channel_type && `channel_type:eq:${search.channel_type}`,
        search.category && `category:icontains:${search.category}`,
      ],
      DEFAULT_SORT,
    ),
  );
  const filtered = Boolean(search.q || search.channel_type || search.category);
  const update = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, page: undefined, ...next }) });

  return (
    <>
      <PageHeader
        title="Templates"
        description="Reusable messages with {VARIABLES} filled from the contact, the account or the send."
        actions={
          <Button asChild>
            <Link to="/templates/new">New template</Link>
          </Button>
        }
      />
      <div className="mb-4 flex flex-col gap-2 sm:flex-row">
        <SearchInput label="Search templates by name" value={search.q} onChange={(q) => update({ q })} />
        <SearchInput label="Category" value={search.category} onChange={(category) => update({ category })} />
        <NativeSelect
          aria-label="Channel type"
          className="sm:w-48"
          value={search.channel_type ?? ''}
          onChange={(e) =>
            update({ channel_type: (e.target.value || undefined) as typeof search.channel_type })
          }
        >
          <option value="">All channels</option>
          {Object.entries(CHANNEL_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex flex-col gap-4">
        <DataTable
          caption="Templates"
          columns={columns}
          rows={templates.data?.items}
          rowKey={(t) => t.id}
          isLoading={templates.isLoading}
          error={templates.error}
          onRetry={() => void templates.refetch()}
          sort={parseSort(search.sort, { field: 'updated_at', direction: 'desc' })}
          onSortChange={(s) => update({ sort: `${s.field}:${s.direction}` })}
          onRowOpen={(t) => void navigate({ to: '/templates/$templateId', params: { templateId: t.id } })}
          empty={
            filtered ? (
              <EmptyState
                title="No template matches these filters"
                action={
                  <Button
                    variant="secondary"
                    onClick={() => update({ q: undefined, channel_type: undefined, category: undefined })}
                  >
                    Clear filters
                  </Button>
                }
              />
            ) : (
              <EmptyState
                title="No templates yet"
                description="Write a message once, with placeholders such as {FIRST_NAME}, and send it to anyone."
                action={
                  <Button asChild>
                    <Link to="/templates/new">Create a template</Link>
                  </Button>
                }
              />
            )
          }
        />
        {templates.data && templates.data.total > 0 && (
          <Pagination
            page={templates.data.page}
            pageSize={templates.data.page_size}
            total={templates.data.total}
            onChange={(p) => update(p)}
          />
        )}
      </div>
    </>
  );
}
