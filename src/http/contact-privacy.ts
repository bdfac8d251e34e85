import type { Context } from 'hono';
import { ForbiddenError } from '../errors.js';
import { hasPermission } from '../modules/roles/permissions.js';
import type { AppEnv } from './context.js';

/** How an address shows to a caller without `contacts:read`: at most its last 4 characters. */
export function maskAddress(address: string | null): string | null {
  if (address === null) return null;
  return address.length > 6 ? `••••${address.slice(-4)}` : '••••';
}

/** Whether the caller's role reads contacts, and so may see recipients' addresses and contact data. */
export function readsContacts(c: Context<AppEnv>): boolean {
  return hasPermission(c.get('tenant')?.permissions ?? [], 'contacts:read');
}

/**
 * Rows carrying a recipient's `delivery_address` as this caller may see them: a role that reads or
 * sends messages, broadcasts or schedules but may not read contacts (a reporting key, say) sees each
 * address masked, and may not filter or sort by it (which would find an address one guess at a time).
 */
export function recipientsFor(c: Context<AppEnv>) {
  const reveal = readsContacts(c);
  return {
    reveal,
    present: <T extends { delivery_address: string | null }>(row: T): T =>
      reveal ? row : { ...row, delivery_address: maskAddress(row.delivery_address) },
    assertQueryAllowed(): void {
      if (reveal) return;
      const terms = [...(c.req.queries('filter') ?? []), ...(c.req.queries('sort') ?? [])];
      if (terms.some((term) => term.trim().startsWith('delivery_address'))) {
        throw new ForbiddenError(
          'Filtering or sorting on delivery_address needs contacts:read',
          'permission_denied',
        );
      }
    },
  };
}
