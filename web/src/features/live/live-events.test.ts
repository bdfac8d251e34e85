import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { GroupMessage } from '../../api/types';
import { applyLiveEvent } from './live-events';

const group = (id: string, over: Partial<GroupMessage> = {}) =>
  ({
    id,
    name: id,
    status: 'processing',
    total_recipients: 10,
    sent_count: 0,
    delivered_count: 0,
    failed_count: 0,
    skipped_count: 0,
    cancelled_count: 0,
    pending_count: 10,
    ...over,
  }) as GroupMessage;

describe('live events', () => {
  it('merges group_message.progress into the cached broadcast and every cached list', () => {
    const client = new QueryClient();
    client.setQueryData(['group-messages', 'one', 'g1'], group('g1'));
    client.setQueryData(['group-messages', 'list', { page: '1' }], { items: [group('g1'), group('g2')] });
    const progress = {
      id: 'g1',
      status: 'processing',
      sent_count: 6,
      delivered_count: 4,
      failed_count: 1,
      skipped_count: 0,
      cancelled_count: 0,
      pending_count: 3,
    };
    applyLiveEvent(client, 'group_message.progress', progress);
    expect(client.getQueryData<GroupMessage>(['group-messages', 'one', 'g1'])).toMatchObject(progress);
    const list = client.getQueryData<{ items: GroupMessage[] }>(['group-messages', 'list', { page: '1' }]);
    expect(list?.items[0]).toMatchObject({ name: 'g1', sent_count: 6, pending_count: 3 });
    expect(list?.items[1]).toMatchObject({ id: 'g2', sent_count: 0, pending_count: 10 });
  });

  it('marks lists stale for message, import and channel events, and ignores unknown ones', () => {
    const client = new QueryClient();
    for (const key of ['messages', 'contact-imports', 'channels', 'templates'])
      client.setQueryData([key], { items: [] });
    applyLiveEvent(client, 'message.status', { id: 'm', status: 'delivered' });
    applyLiveEvent(client, 'contact_import.progress', { id: 'i' });
    applyLiveEvent(client, 'channel.status', { id: 'c' });
    applyLiveEvent(client, 'something.else', { id: 'x' });
    applyLiveEvent(client, 'message.status', 'not an object');
    const stale = (key: string) => client.getQueryState([key])?.isInvalidated;
    expect([stale('messages'), stale('contact-imports'), stale('channels'), stale('templates')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
