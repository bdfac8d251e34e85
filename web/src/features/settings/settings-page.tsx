import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { Account, CreatedApiKey, Role } from '../../api/types';
import { ConfirmButton } from '../../components/confirm-button';
import { CopyButton } from '../../components/copy-button';
import { PageHeader } from '../../components/page-header';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { ErrorState } from '../../components/ui/empty-state';
import { Field } from '../../components/ui/field';
import { Checkbox, Input, NativeSelect } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { Table, Td, Th } from '../../components/ui/table';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../../components/ui/tabs';
import { toast } from '../../components/ui/toast';
import { formatDateTime } from '../../lib/format';
import { settingsRoute } from '../../router';
import { FormError } from '../auth/auth-layout';
import { timeZones } from '../schedules/recurrence';
import { useAccount, useCan, useCurrentContext } from '../shell/use-context';

/**
 * The permission matrix's rows: every resource the account's roles name (the built-in viewer reads
 * them all), so the console holds no copy of the API's list.
 */
function resourcesOf(roles: Role[]): string[] {
  return [
    ...new Set(
      roles
        .flatMap((r) => r.permissions)
        .filter((p) => p !== '*')
        .map((p) => p.split(':')[0]!),
    ),
  ];
}
export const ACTIONS = ['read', 'write', 'send', 'manage'] as const;

const list = { params: { query: { page_size: '100' } } };
const fail = (error: Error) => toast('That did not work', { description: error.message, tone: 'error' });

/** Runs an API change, refreshes the listed caches and confirms with a toast. */
function useChange<T>(keys: string[][], fn: (input: T) => Promise<unknown>, done: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
      toast(done);
    },
    onError: fail,
  });
}

function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: () => unwrap(api.GET('/v1/roles', list)) });
}

function AccountSettings({ account, canManage }: { account: Account; canManage: boolean }) {
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState(account.name);
  const [country, setCountry] = useState(account.default_country_code ?? '');
  const [timezone, setTimezone] = useState(account.timezone);
  const save = useChange(
    [['accounts'], ['context']],
    () =>
      unwrap(
        api.PATCH('/v1/accounts/{id}', {
          params: { path: { id: account.id } },
          body: { name: name.trim(), default_country_code: country.trim().toUpperCase() || null, timezone },
        }),
      ),
    'Account saved',
  );
  return (
    <form
      noValidate
      className="flex max-w-xl flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
      }}
    >
      <fieldset disabled={!canManage} className="flex flex-col gap-4">
        <legend className="sr-only">Account</legend>
        <Field label="Account name">
          <Input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field
          label="Default country"
          hint="ISO code such as KE or ET: national phone numbers are read in it"
        >
          <Input
            value={country}
            maxLength={2}
            onChange={(e) => setCountry(e.target.value)}
            className="w-24"
          />
        </Field>
        <Field label="Account timezone" hint="For {DATE} and {TIME}, and quiet hours">
          <NativeSelect value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </fieldset>
      {canManage && (
        <Button type="submit" loading={save.isPending} className="self-start">
          Save account
        </Button>
      )}
    </form>
  );
}

function Members({ canManage, roles, me }: { canManage: boolean; roles: Role[]; me: string | undefined }) {
  const members = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/v1/users', list)) });
  const setRole = useChange(
    [['users']],
    ({ id, role_id }: { id: string; role_id: string }) =>
      unwrap(api.PATCH('/v1/users/{id}', { params: { path: { id } }, body: { role_id } })),
    'Role changed',
  );
  const remove = useChange(
    [['users']],
    (id: string) => unwrap(api.DELETE('/v1/users/{id}', { params: { path: { id } } })),
    'Member removed',
  );
  if (members.error) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  return (
    <div className="overflow-x-auto">
      <Table>
        <caption className="sr-only">Members</caption>
        <thead>
          <tr>
            <Th scope="col">Member</Th>
            <Th scope="col">Role</Th>
            <Th scope="col" className="hidden md:table-cell">
              Joined
            </Th>
            {canManage && <Th scope="col">Actions</Th>}
          </tr>
        </thead>
        <tbody>
          {members.data?.items.map((m) => (
            <tr key={m.id}>
              <Td>
                <span className="font-medium">{m.name ?? m.email}</span>
                <span className="block text-xs text-muted">{m.email}</span>
              </Td>
              <Td>
                {canManage && m.id !== me ? (
                  <NativeSelect
                    aria-label={`Role of ${m.email}`}
                    className="h-8 w-36"
                    value={m.role.id}
                    onChange={(e) => setRole.mutate({ id: m.id, role_id: e.target.value })}
                  >
                    {roles.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </NativeSelect>
                ) : (
                  <Badge>{m.role.name}</Badge>
                )}
              </Td>
              <Td className="hidden md:table-cell">{formatDateTime(m.joined_at)}</Td>
              {canManage && (
                <Td>
                  {m.id !== me && (
                    <ConfirmButton
                      size="sm"
                      variant="ghost"
                      label="Remove"
                      ariaLabel={`Remove ${m.email}`}
                      title={`Remove ${m.email}?`}
                      description="They lose access to this account at once."
                      confirmLabel="Remove member"
                      onConfirm={() => remove.mutateAsync(m.id)}
                    />
                  )}
                </Td>
              )}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function Invitations({ roles }: { roles: Role[] }) {
  const invitations = useQuery({
    queryKey: ['invitations'],
    queryFn: () => unwrap(api.GET('/v1/invitations', list)),
  });
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState('');
  const [error, setError] = useState<string>();
  const send = useChange(
    [['invitations']],
    () => unwrap(api.POST('/v1/invitations', { body: { email: email.trim(), role_id: roleId } })),
    'Invitation sent',
  );
  const revoke = useChange(
    [['invitations']],
    (id: string) => unwrap(api.DELETE('/v1/invitations/{id}', { params: { path: { id } } })),
    'Invitation revoked',
  );
  const pending = invitations.data?.items.filter((i) => !i.accepted_at) ?? [];
  return (
    <div className="flex flex-col gap-6">
      <form
        noValidate
        className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          if (!email.includes('@')) return setError('Give an email address.');
          if (!roleId) return setError('Choose a role.');
          setError(undefined);
          send.mutate(undefined, { onSuccess: () => setEmail('') });
        }}
      >
        <div className="sm:col-span-3">
          <FormError message={error} />
        </div>
        <Field label="Email to invite">
          <Input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Role">
          <NativeSelect value={roleId} onChange={(e) => setRoleId(e.target.value)}>
            <option value="">Choose…</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Button type="submit" loading={send.isPending}>
          Send invitation
        </Button>
      </form>
      <section aria-labelledby="pending-heading">
        <h3 id="pending-heading" className="mb-2 text-sm font-semibold">
          Pending invitations
        </h3>
        {pending.length === 0 ? (
          <p className="text-sm text-muted">None pending.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface">
            {pending.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-3 px-4 py-2 text-sm">
                <span className="mr-auto font-medium">{i.email}</span>
                <Badge>{i.role.name}</Badge>
                <span className="text-muted">expires {formatDateTime(i.expires_at)}</span>
                <ConfirmButton
                  size="sm"
                  variant="ghost"
                  label="Revoke"
                  ariaLabel={`Revoke invitation for ${i.email}`}
                  title={`Revoke the invitation for ${i.email}?`}
                  description="The link in their email stops working."
                  confirmLabel="Revoke"
                  onConfirm={() => revoke.mutateAsync(i.id)}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function RoleMatrix({ role, resources, canManage }: { role: Role; resources: string[]; canManage: boolean }) {
  const [granted, setGranted] = useState(new Set(role.permissions));
  const builtIn = ['admin', 'agent', 'viewer'].includes(role.name);
  const editable = canManage && !builtIn;
  const save = useChange(
    [['roles']],
    () =>
      unwrap(
        api.PATCH('/v1/roles/{id}', {
          params: { path: { id: role.id } },
          body: { permissions: [...granted] },
        }),
      ),
    'Role saved',
  );
  const all = granted.has('*');
  return (
    <section aria-labelledby={`role-${role.id}`} className="rounded-lg border border-border bg-surface p-4">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h3 id={`role-${role.id}`} className="mr-auto text-sm font-semibold">
          {role.name} {builtIn && <span className="font-normal text-muted">(built in)</span>}
        </h3>
        {editable && (
          <Button size="sm" loading={save.isPending} onClick={() => save.mutate(undefined)}>
            Save {role.name}
          </Button>
        )}
      </div>
      {role.description && <p className="mb-3 text-sm text-muted">{role.description}</p>}
      <div className="overflow-x-auto">
        <Table>
          <caption className="sr-only">Permissions of {role.name}</caption>
          <thead>
            <tr>
              <Th scope="col">Resource</Th>
              {ACTIONS.map((a) => (
                <Th key={a} scope="col" className="text-center">
                  {a}
                </Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {resources.map((r) => (
              <tr key={r}>
                <Th scope="row" className="normal-case">
                  {r.replace(/_/g, ' ')}
                </Th>
                {ACTIONS.map((a) => {
                  const key = `${r}:${a}`;
                  return (
                    <Td key={a} className="text-center">
                      <Checkbox
                        aria-label={`${role.name}: ${r.replace(/_/g, ' ')} ${a}`}
                        checked={all || granted.has(`${r}:*`) || granted.has(key)}
                        disabled={!editable || all}
                        onChange={(e) =>
                          setGranted((g) => {
                            const next = new Set(g);
                            if (e.target.checked) next.add(key);
                            else next.delete(key);
                            return next;
                          })
                        }
                      />
                    </Td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </section>
  );
}

function Roles({ roles, canManage }: { roles: Role[]; canManage: boolean }) {
  const resources = resourcesOf(roles);
  const [name, setName] = useState('');
  const create = useChange(
    [['roles']],
    () => unwrap(api.POST('/v1/roles', { body: { name: name.trim(), permissions: ['contacts:read'] } })),
    'Role created',
  );
  return (
    <div className="flex flex-col gap-4">
      {canManage && (
        <form
          noValidate
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate(undefined, { onSuccess: () => setName('') });
          }}
        >
          <Field label="New role name" className="w-64">
            <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </Field>
          <Button type="submit" variant="secondary" loading={create.isPending}>
            Create role
          </Button>
        </form>
      )}
      {roles.map((r) => (
        <RoleMatrix key={`${r.id}-${r.updated_at}`} role={r} resources={resources} canManage={canManage} />
      ))}
    </div>
  );
}

function ApiKeys({ roles, canManage }: { roles: Role[]; canManage: boolean }) {
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => unwrap(api.GET('/v1/api-keys', list)) });
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState('');
  const [created, setCreated] = useState<CreatedApiKey>();
  const create = useChange(
    [['api-keys']],
    async () => {
      const key = await unwrap(
        api.POST('/v1/api-keys', { body: { name: name.trim(), ...(roleId ? { role_id: roleId } : {}) } }),
      );
      setCreated(key);
      setName('');
    },
    'API key created',
  );
  const revoke = useChange(
    [['api-keys']],
    (id: string) => unwrap(api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })),
    'API key revoked',
  );
  return (
    <div className="flex flex-col gap-6">
      {canManage && (
        <form
          noValidate
          className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate(undefined);
          }}
        >
          <Field label="Key name">
            <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Key role">
            <NativeSelect value={roleId} onChange={(e) => setRoleId(e.target.value)}>
              <option value="">admin (default)</option>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </form>
      )}
      {created && (
        <section
          role="status"
          aria-labelledby="new-key-heading"
          className="flex flex-col gap-2 rounded-lg border border-warning p-4"
        >
          <h3 id="new-key-heading" className="text-sm font-semibold">
            Copy “{created.name}” now: it is shown only once
          </h3>
          <div className="flex flex-wrap items-center gap-2">
            <code
              data-testid="new-api-key"
              className="break-all rounded bg-surface-2 px-2 py-1 font-mono text-sm"
            >
              {created.key}
            </code>
            <CopyButton value={created.key} label="Copy the new API key" />
            <Button variant="ghost" size="sm" onClick={() => setCreated(undefined)}>
              I have copied it
            </Button>
          </div>
        </section>
      )}
      <ul className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface">
        {keys.data?.items.length === 0 && <li className="px-4 py-3 text-sm text-muted">No API keys yet.</li>}
        {keys.data?.items.map((k) => (
          <li key={k.id} className="flex flex-wrap items-center gap-3 px-4 py-2 text-sm">
            <span className="mr-auto">
              <span className="font-medium">{k.name}</span>{' '}
              <code className="text-xs text-muted">{k.prefix}…</code>
            </span>
            <Badge>{k.role.name}</Badge>
            <span className="text-muted">last used {formatDateTime(k.last_used_at)}</span>
            {k.revoked_at ? (
              <Badge tone="danger">revoked</Badge>
            ) : (
              canManage && (
                <ConfirmButton
                  size="sm"
                  variant="ghost"
                  label="Revoke"
                  ariaLabel={`Revoke ${k.name}`}
                  title={`Revoke “${k.name}”?`}
                  description="Requests with this key fail at once."
                  confirmLabel="Revoke key"
                  onConfirm={() => revoke.mutateAsync(k.id)}
                />
              )
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SettingsPage() {
  const search = settingsRoute.useSearch();
  const navigate = useNavigate({ from: '/settings' });
  const context = useCurrentContext();
  const account = useAccount();
  const roles = useRoles();
  const canAccount = useCan('account:manage');
  const canUsers = useCan('users:manage');
  const canRoles = useCan('roles:manage');
  const canKeys = useCan('api_keys:manage');
  const tab = search.tab ?? 'account';
  const roleList = roles.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Team and settings"
        description="The account, who is in it, what they may do, and API keys."
      />
      <Tabs value={tab} onValueChange={(t) => void navigate({ search: { tab: t as typeof tab } })}>
        <TabsList label="Settings">
          <TabsTrigger value="account">Account</TabsTrigger>
          <TabsTrigger value="members">Members</TabsTrigger>
          <TabsTrigger value="roles">Roles</TabsTrigger>
          <TabsTrigger value="api-keys">API keys</TabsTrigger>
        </TabsList>
        <TabsContent value="account">
          {account.data ? (
            <AccountSettings key={account.data.updated_at} account={account.data} canManage={canAccount} />
          ) : (
            <Skeleton className="h-64 w-full max-w-xl" />
          )}
        </TabsContent>
        <TabsContent value="members" className="flex flex-col gap-8">
          <Members canManage={canUsers} roles={roleList} me={context.data?.user.id} />
          {canUsers && <Invitations roles={roleList} />}
        </TabsContent>
        <TabsContent value="roles">
          <Roles roles={roleList} canManage={canRoles} />
        </TabsContent>
        <TabsContent value="api-keys">
          <ApiKeys roles={roleList} canManage={canKeys} />
        </TabsContent>
      </Tabs>
    </>
  );
}
