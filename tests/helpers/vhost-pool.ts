import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every `rabbitmqctl` call boots an Erlang VM (about a CPU-second): one call does a whole batch. */
async function evalOnBroker(erlang: string): Promise<void> {
  await run('rabbitmqctl', ['eval', erlang]);
}

const binaries = (names: string[]) => `[${names.map((n) => `<<"${n}">>`).join(',')}]`;

async function addVhosts(names: string[]): Promise<void> {
  await evalOnBroker(
    `lists:foreach(fun(V) -> rabbit_vhost:add(V, <<"tests">>), ` +
      `rabbit_auth_backend_internal:set_permissions(<<"guest">>, V, <<".*">>, <<".*">>, <<".*">>, <<"tests">>) ` +
      `end, ${binaries(names)}), ok.`,
  );
}

async function deleteVhosts(names: string[]): Promise<void> {
  if (names.length === 0) return;
  await evalOnBroker(`[rabbit_vhost:delete(V, <<"tests">>) || V <- ${binaries(names)}], ok.`);
}

/** Deletes every vhost whose name starts with `prefix`. */
export async function deleteVhostsWithPrefix(prefix: string): Promise<void> {
  await evalOnBroker(
    `[rabbit_vhost:delete(V, <<"tests">>) || V <- rabbit_vhost:list_names(), ` +
      `binary:match(V, <<"${prefix}">>) =:= {0, ${Buffer.byteLength(prefix)}}], ok.`,
  );
}

/**
 * Hands out RabbitMQ vhosts to test files (which need their own: the contract fixes exchange and
 * queue names) from the run's main process, over loopback HTTP. Vhosts are made and deleted in
 * batches, so a run of a hundred files costs a handful of `rabbitmqctl` calls, not three per file.
 */
export async function startVhostPool(prefix: string): Promise<{ url: string; close: () => Promise<void> }> {
  const ready: string[] = [];
  const released: string[] = [];
  let made = 0;
  let refilling: Promise<void> | undefined;
  let deleting: Promise<void> = Promise.resolve();
  let batch = 4;

  const refill = () => {
    refilling ??= (async () => {
      const names = Array.from({ length: batch }, () => `${prefix}-${++made}`);
      batch = Math.min(batch * 2, 16);
      await addVhosts(names);
      ready.push(...names);
    })().finally(() => {
      refilling = undefined;
    });
    return refilling;
  };
  const claim = async (): Promise<string> => {
    while (ready.length === 0) await refill();
    return ready.shift()!;
  };
  const flushReleased = () => {
    const names = released.splice(0);
    deleting = deleting.then(() => deleteVhosts(names).catch(() => {}));
    return deleting;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pool');
    if (url.pathname === '/claim') {
      claim().then(
        (name) => res.end(name),
        (err: Error) => res.writeHead(500).end(err.message),
      );
    } else if (url.pathname === '/release') {
      const name = url.searchParams.get('name');
      if (name?.startsWith(`${prefix}-`)) released.push(name);
      if (released.length >= 8) void flushReleased();
      res.end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await refilling?.catch(() => {});
      await flushReleased();
      await deleteVhostsWithPrefix(prefix).catch(() => {});
    },
  };
}

/** A vhost of this test file's own, from the run's pool (see `startVhostPool`). */
export async function claimVhost(poolUrl: string): Promise<{ name: string; release: () => Promise<void> }> {
  const res = await fetch(`${poolUrl}/claim`);
  const name = await res.text();
  if (!res.ok) throw new Error(`no RabbitMQ vhost for this file: ${name}`);
  return {
    name,
    release: async () => {
      await fetch(`${poolUrl}/release?name=${encodeURIComponent(name)}`).catch(() => {});
    },
  };
}
