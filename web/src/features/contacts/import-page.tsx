import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type DragEvent, useEffect, useId, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { ContactImport } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { NativeSelect } from '../../components/ui/input';
import { Table, Td, Th } from '../../components/ui/table';
import { toast } from '../../components/ui/toast';
import { cn } from '../../lib/cn';
import { formatDateTime } from '../../lib/format';
import { FormError } from '../auth/auth-layout';
import { useCan } from '../shell/use-context';
import { errorsCsv, guessMapping, IMPORT_COLUMNS, parseCsv, remapCsv } from './csv';
import { useContactImport, useContactImports } from './queries';

const MAX_BYTES = 50 * 1024 * 1024;
type Loaded = { name: string; text: string; rows: string[][] };

function downloadErrors(job: ContactImport) {
  const url = URL.createObjectURL(new Blob([errorsCsv(job.errors)], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `import-errors-${job.id.slice(0, 8)}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function ImportProgress({ id }: { id: string }) {
  const client = useQueryClient();
  const job = useContactImport(id);
  const j = job.data;
  const finished = j?.status === 'completed' || j?.status === 'failed';
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: ['contact-imports', 'list'] });
  }, [finished, client]);
  if (!j) return <p className="text-sm text-muted">Uploading…</p>;
  const done = j.imported + j.updated + j.failed;
  const percent =
    j.status === 'completed'
      ? 100
      : j.total_rows > 0
        ? Math.min(99, Math.floor((done / j.total_rows) * 100))
        : 0;
  return (
    <section
      aria-labelledby="import-progress"
      className="rounded-lg border border-border bg-surface p-4"
      aria-live="polite"
    >
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h2 id="import-progress" className="mr-auto text-sm font-semibold">
          {j.filename ?? 'Import'}
        </h2>
        <Badge
          tone={j.status === 'completed' ? 'success' : j.status === 'failed' ? 'danger' : 'info'}
          data-testid="import-status"
        >
          {j.status}
        </Badge>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2.5 overflow-hidden rounded-full bg-surface-2"
      >
        <span
          className="block h-full bg-primary transition-[width] duration-500"
          style={{ width: `${percent}%` }}
        />
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-muted">Rows</dt>
          <dd data-testid="import-rows">{j.total_rows.toLocaleString()}</dd>
        </div>
        <div>
          <dt className="text-muted">New</dt>
          <dd data-testid="import-imported">{j.imported.toLocaleString()}</dd>
        </div>
        <div>
          <dt className="text-muted">Updated</dt>
          <dd>{j.updated.toLocaleString()}</dd>
        </div>
        <div>
          <dt className="text-muted">Errors</dt>
          <dd data-testid="import-failed">{j.failed.toLocaleString()}</dd>
        </div>
      </dl>
      {j.error_message && <p className="mt-2 text-sm text-danger">{j.error_message}</p>}
      {j.errors.length > 0 && (
        <ul aria-label="First row errors" className="mt-3 list-inside list-disc text-sm text-muted">
          {j.errors.slice(0, 5).map((e) => (
            <li key={`${e.row}-${e.message}`}>
              Row {e.row}: {e.message}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {j.errors.length > 0 && (
          <Button variant="secondary" size="sm" onClick={() => downloadErrors(j)}>
            Download row errors
          </Button>
        )}
        {j.status === 'completed' && (
          <Button asChild size="sm">
            <Link to="/contacts">View contacts</Link>
          </Button>
        )}
      </div>
    </section>
  );
}

/** CSV upload: drop or pick a file, map its columns, start, and watch it run. */
export function ImportPage() {
  const inputId = useId();
  const client = useQueryClient();
  const canWrite = useCan('contacts:write');
  const history = useContactImports();
  const [file, setFile] = useState<Loaded>();
  const [mapping, setMapping] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string>();

  const load = async (f: File | undefined) => {
    setError(undefined);
    if (!f) return;
    if (f.size > MAX_BYTES) return setError('That file is over 50 MB: split it and import the parts.');
    const text = await f.text();
    const rows = parseCsv(text, 6);
    if (rows.length < 2) return setError('That file has no rows under its header.');
    setFile({ name: f.name, text, rows });
    setMapping(rows[0]!.map(guessMapping));
    setJobId(undefined);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void load(e.dataTransfer.files[0]);
  };
  const start = async () => {
    if (!file) return;
    if (!mapping.some((m) => ['phone', 'email', 'telegram_chat_id'].includes(m))) {
      return setError('Map at least one column to phone, email or Telegram chat id.');
    }
    setBusy(true);
    setError(undefined);
    try {
      const accepted = await unwrap(
        api.POST('/v1/contacts/import', {
          body: { file: '' },
          // Multipart, so the import keeps the file's name; the header row carries the mapping.
          bodySerializer: () => {
            const form = new FormData();
            form.append('file', new Blob([remapCsv(file.text, mapping)], { type: 'text/csv' }), file.name);
            return form;
          },
        }),
      );
      setJobId(accepted.id);
      setFile(undefined);
      void client.invalidateQueries({ queryKey: ['contact-imports'] });
      toast('Import started', { description: 'Rows are processed in the background.' });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const mappingOptions = (current: string) => [
    ...IMPORT_COLUMNS.map((c) => ({ value: c, label: c.replace(/_/g, ' ') })),
    ...(current.startsWith('attr:') ? [{ value: current, label: `attribute “${current.slice(5)}”` }] : []),
    { value: 'skip', label: 'do not import' },
  ];

  return (
    <>
      <PageHeader
        title="Import contacts"
        description="A CSV file with a header row. Rows upsert by phone, then email; groups are created by name."
      />
      <div className="flex flex-col gap-6">
        <FormError message={error} />
        {canWrite && !file && (
          <label
            htmlFor={inputId}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            className={cn(
              'flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed px-6 py-12 text-center',
              dragging ? 'border-primary bg-surface-2' : 'border-border',
            )}
          >
            <span className="text-base font-semibold">Drop a CSV file here, or choose one</span>
            <span className="text-sm text-muted">
              Columns: name, first_name, last_name, phone, email, telegram_chat_id, tags and groups (separated
              by “;”); others become attributes.
            </span>
            <input
              id={inputId}
              type="file"
              accept=".csv,text/csv"
              className="sr-only"
              aria-label="CSV file"
              onChange={(e) => void load(e.target.files?.[0])}
            />
          </label>
        )}
        {file && (
          <section aria-labelledby="preview-heading" className="flex flex-col gap-4">
            <div className="flex flex-wrap items-center gap-2">
              <h2 id="preview-heading" className="mr-auto text-base font-semibold">
                {file.name}: first rows and column mapping
              </h2>
              <Button variant="secondary" onClick={() => setFile(undefined)}>
                Choose another file
              </Button>
              <Button loading={busy} onClick={() => void start()}>
                Start import
              </Button>
            </div>
            <div className="overflow-x-auto">
              <Table>
                <caption className="sr-only">Preview of the first rows</caption>
                <thead>
                  <tr>
                    {file.rows[0]!.map((header, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: headers may repeat; columns are positional
                      <Th key={i} scope="col" className="min-w-40 align-top normal-case">
                        <span className="mb-1 block">{header}</span>
                        <NativeSelect
                          aria-label={`Import column “${header}” as`}
                          className="h-8"
                          value={mapping[i]}
                          onChange={(e) => setMapping((m) => m.map((v, j) => (j === i ? e.target.value : v)))}
                        >
                          {mappingOptions(guessMapping(header)).map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </NativeSelect>
                      </Th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {file.rows.slice(1).map((row, r) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity
                    <tr key={r}>
                      {file.rows[0]!.map((_, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: cells by position
                        <Td key={i}>{row[i] ?? ''}</Td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          </section>
        )}
        {jobId && <ImportProgress id={jobId} />}
        <section aria-labelledby="history-heading">
          <h2 id="history-heading" className="mb-2 text-base font-semibold">
            Recent imports
          </h2>
          {history.data?.items.length === 0 ? (
            <p className="text-sm text-muted">No imports yet.</p>
          ) : (
            <ul className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface">
              {history.data?.items.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center gap-3 px-4 py-2 text-sm">
                  <span className="mr-auto font-medium">{i.filename ?? 'CSV'}</span>
                  <span className="text-muted">{formatDateTime(i.created_at)}</span>
                  <span>
                    {i.imported + i.updated} of {i.total_rows} rows
                    {i.failed > 0 ? `, ${i.failed} errors` : ''}
                  </span>
                  <Button variant="ghost" size="sm" onClick={() => setJobId(i.id)}>
                    Details
                  </Button>
                  <Badge
                    tone={i.status === 'completed' ? 'success' : i.status === 'failed' ? 'danger' : 'info'}
                  >
                    {i.status}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
