import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { onAccountChange, selectAccount, selectedAccountId } from '../../api/session';
import type { ContextBasic } from '../../api/types';

export const contextQuery = {
  queryKey: ['context'] as const,
  queryFn: () => unwrap(api.GET('/v1/context/basic')),
  staleTime: 60_000,
};

/** The signed-in user, their accounts, and the account the console acts in (X-Account-Id). */
export function useCurrentContext(): {
  data: ContextBasic | undefined;
  account: ContextBasic['accounts'][number] | undefined;
  isLoading: boolean;
  error: unknown;
  refetch: () => void;
} {
  const query = useQuery(contextQuery);
  const accounts = query.data?.accounts ?? [];
  // Reactive: switching accounts re-renders every reader, even when the context data is unchanged.
  const selected = useSyncExternalStore(onAccountChange, selectedAccountId);
  const account = accounts.find((a) => a.id === selected) ?? accounts[0];
  useEffect(() => {
    // Remember a valid choice so every request carries X-Account-Id (users with several accounts need it).
    if (account && account.id !== selected) selectAccount(account.id);
  }, [account, selected]);
  return {
    data: query.data,
    account,
    isLoading: query.isLoading,
    error: query.error,
    refetch: query.refetch,
  };
}

/** The account the console acts in, with its settings (name, country, time zone). */
export function useAccount() {
  const accountId = useCurrentContext().account?.id;
  return useQuery({
    queryKey: ['accounts', accountId],
    queryFn: () => unwrap(api.GET('/v1/accounts/{id}', { params: { path: { id: accountId! } } })),
    enabled: accountId !== undefined,
  });
}

/** Switches account: every cached list belongs to the old one, so all but the context is dropped. */
export function useSwitchAccount(): (id: string) => void {
  const client = useQueryClient();
  return (id) => {
    selectAccount(id);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'context' });
    void client.invalidateQueries({ queryKey: ['context'] });
  };
}

// As the API reads them: `manage` includes every action on the resource, `write`, `send` and
// `approve` include `read`.
const IMPLIED_BY: Record<string, string[]> = {
  read: ['read', 'write', 'send', 'approve', 'manage'],
  write: ['write', 'manage'],
  send: ['send', 'manage'],
  approve: ['approve', 'manage'],
  manage: ['manage'],
};

/**
 * Whether the current role grants `RESOURCE:ACTION`. The API enforces it; the console only hides
 * what would be refused (a viewer sees no send buttons).
 */
export function useCan(permission: string): boolean {
  const { account } = useCurrentContext();
  return hasPermission(account?.role.permissions ?? [], permission);
}

export function hasPermission(granted: readonly string[], permission: string): boolean {
  const [resource, action = 'read'] = permission.split(':');
  if (granted.includes('*') || granted.includes(`${resource}:*`)) return true;
  return (IMPLIED_BY[action] ?? [action]).some((a) => granted.includes(`${resource}:${a}`));
}
