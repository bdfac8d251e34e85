import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { onSessionChange } from '../../api/session';
import { ErrorState } from '../../components/ui/empty-state';
import { Sheet, SheetContent } from '../../components/ui/sheet';
import { Skeleton } from '../../components/ui/skeleton';
import { useLiveEvents } from '../live/live-events';
import { AccountSwitcher, UserMenu } from './menus';
import { NAV } from './nav';
import { hasPermission, useCurrentContext } from './use-context';

function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  const granted = useCurrentContext().account?.role.permissions ?? [];
  const groups = NAV.map((group) => ({
    ...group,
    items: group.items.filter((item) => !item.permission || hasPermission(granted, item.permission)),
  }));
  return (
    <nav aria-label="Main" className="flex flex-col gap-6">
      {groups.map((group) => (
        <div key={group.label}>
          <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wide text-muted">{group.label}</p>
          <ul className="flex flex-col gap-0.5">
            {group.items.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  onClick={onNavigate}
                  className="flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted hover:bg-surface-2 hover:text-fg"
                  activeProps={{ className: 'bg-surface-2 !text-fg', 'aria-current': 'page' }}
                >
                  <span aria-hidden className="w-4 text-center">
                    {item.icon}
                  </span>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function Brand() {
  return (
    <Link to="/messages" className="flex items-center gap-2 px-3 text-lg font-semibold tracking-tight">
      <img src="/favicon.svg" alt="" className="h-7 w-7" />
      Turumba
    </Link>
  );
}

/** The signed-in frame: sidebar (a sheet on phones), account switcher, user menu and the page. */
export function AppShell() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const context = useCurrentContext();
  const [menuOpen, setMenuOpen] = useState(false);
  useLiveEvents(context.account?.id);

  // Signed out here, in another tab, or the session died: back to sign-in with nothing cached.
  useEffect(
    () =>
      onSessionChange((signedIn) => {
        if (signedIn) return;
        queryClient.clear();
        void router.navigate({ to: '/sign-in', search: { email: undefined, redirect: undefined } });
      }),
    [queryClient, router],
  );

  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2"
      >
        Skip to content
      </a>
      <aside className="hidden border-r border-border bg-surface lg:sticky lg:top-0 lg:flex lg:h-screen lg:flex-col lg:gap-6 lg:overflow-y-auto lg:p-4">
        <Brand />
        <Navigation />
      </aside>
      <Sheet open={menuOpen} onOpenChange={setMenuOpen}>
        <SheetContent side="left" title="Turumba">
          <Navigation onNavigate={() => setMenuOpen(false)} />
        </SheetContent>
      </Sheet>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-border bg-surface/95 px-3 backdrop-blur sm:px-6">
          <button
            type="button"
            className="rounded-md px-2 py-1 text-lg lg:hidden"
            aria-label="Open navigation"
            onClick={() => setMenuOpen(true)}
          >
            ☰
          </button>
          <div className="shrink-0 lg:hidden">
            <Brand />
          </div>
          <div className="ml-auto flex min-w-0 items-center justify-end gap-2">
            {context.data ? (
              <>
                <AccountSwitcher accounts={context.data.accounts} current={context.account} />
                <UserMenu user={context.data.user} />
              </>
            ) : (
              <Skeleton className="h-8 w-40" />
            )}
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-3 py-6 sm:px-6">
          {context.error && !context.data ? (
            <ErrorState error={context.error} onRetry={context.refetch} />
          ) : context.account ? (
            // Keyed by account: a switch remounts the page so no state of the old account lingers.
            <div key={context.account.id}>
              <Outlet />
            </div>
          ) : (
            <div className="flex flex-col gap-4" aria-busy>
              <Skeleton className="h-8 w-48" />
              <Skeleton className="h-64 w-full" />
            </div>
          )}
        </main>
      </div>
    </div>
  );
}
