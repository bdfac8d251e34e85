import { useMemo } from 'react';
import type { Message } from '../../api/types';
import type { Column } from '../../components/data-table';
import { MessageStatusBadge } from '../../components/status-badge';
import { formatDateTime } from '../../lib/format';
import { useChannelName } from '../channels/queries';

/** The messages table's columns; `channelName` resolves ids for display. */
export function messageColumns(channelName: (id: string | null) => string): Column<Message>[] {
  return [
    {
      id: 'created',
      header: 'Created',
      sortField: 'created_at',
      className: 'whitespace-nowrap',
      cell: (m) => <time dateTime={m.created_at}>{formatDateTime(m.created_at)}</time>,
    },
    {
      id: 'status',
      header: 'Status',
      sortField: 'status',
      cell: (m) => <MessageStatusBadge status={m.status} />,
    },
    {
      id: 'address',
      header: 'Recipient',
      sortField: 'delivery_address',
      className: 'font-mono text-xs',
      cell: (m) => m.delivery_address ?? '—',
    },
    {
      id: 'body',
      header: 'Message',
      className: 'max-w-xs',
      cell: (m) => <span className="line-clamp-1 text-muted">{m.message_body}</span>,
    },
    { id: 'channel', header: 'Channel', cell: (m) => channelName(m.channel_id) },
    { id: 'direction', header: 'Direction', sortField: 'direction', cell: (m) => m.direction },
    {
      id: 'segments',
      header: 'Segments',
      sortField: 'segments',
      className: 'tabular-nums text-right',
      cell: (m) => m.segments ?? '—',
    },
  ];
}

/** The columns with channel names resolved from the account's channels. */
export function useMessageColumns(): Column<Message>[] {
  const channelName = useChannelName();
  return useMemo(() => messageColumns(channelName), [channelName]);
}
