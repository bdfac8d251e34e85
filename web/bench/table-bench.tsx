import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Message } from '../src/api/types';
import { DataTable } from '../src/components/data-table';
import { messageColumns } from '../src/features/messages/message-columns';
import '../src/app.css';

/**
 * Renders the messages table (the console's own DataTable and columns) with 100 rows, mounting
 * it afresh each round, and reports per round: React render + commit (flushSync), and the time to
 * the next frame after it (style, layout and paint included). bench/console.ts drives it.
 */
const STATUSES: Message['status'][] = ['queued', 'sending', 'sent', 'delivered', 'permanently_failed'];

function rows(count: number, seed: number): Message[] {
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.UTC(2026, 0, 1, 12, 0, seed + i)).toISOString();
    return {
      id: `00000000-0000-4000-8000-${String(seed * 1000 + i).padStart(12, '0')}`,
      channel_id: '11111111-1111-4111-8111-111111111111',
      contact_id: null,
      group_message_id: null,
      scheduled_message_id: null,
      direction: 'outbound',
      status: STATUSES[i % STATUSES.length]!,
      delivery_address: `+2547${String(10000000 + i).slice(0, 8)}`,
      message_body: `Hello customer ${i}, your order ${seed}-${i} is on its way. Reply STOP to opt out.`,
      subject: null,
      provider_message_id: `sbx_${i}`,
      segments: 1 + (i % 3),
      attempts: 1,
      metadata: {},
      error_details: null,
      sent_at: at,
      delivered_at: at,
      failed_at: null,
      created_at: at,
      updated_at: at,
    } as unknown as Message;
  });
}

const columns = messageColumns(() => 'Sandbox');
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function run(rounds: number, count: number) {
  const container = document.getElementById('root')!;
  const results: { render: number; frame: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const root = createRoot(container);
    const data = rows(count, round);
    const started = performance.now();
    flushSync(() =>
      root.render(
        <DataTable
          caption="Messages"
          columns={columns}
          rows={data}
          rowKey={(m) => m.id}
          isLoading={false}
          error={null}
          onRetry={() => {}}
          sort={{ field: 'created_at', direction: 'desc' }}
          onSortChange={() => {}}
          empty={null}
          onRowOpen={() => {}}
        />,
      ),
    );
    const rendered = performance.now();
    // Forces style and layout now, then waits for the frame that paints it.
    void container.getBoundingClientRect().height;
    await nextFrame();
    const framed = performance.now();
    if (container.querySelectorAll('tbody tr').length !== count) throw new Error('rows missing');
    results.push({ render: rendered - started, frame: framed - started });
    root.unmount();
    await nextFrame();
  }
  return results;
}

(window as unknown as { runTableBench: typeof run }).runTableBench = run;
