import { signOut, signOutEverywhere } from '../../api/session';
import type { ContextBasic } from '../../api/types';
import { Button } from '../../components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '../../components/ui/dropdown-menu';
import { setTheme, type Theme, useTheme } from '../../lib/theme';
import { useSwitchAccount } from './use-context';

type Account = ContextBasic['accounts'][number];

/** Shown only to users with several accounts; the choice sets X-Account-Id. */
export function AccountSwitcher({
  accounts,
  current,
}: {
  accounts: Account[];
  current: Account | undefined;
}) {
  const switchAccount = useSwitchAccount();
  if (accounts.length < 2) {
    return (
      <span className="hidden min-w-0 truncate text-sm font-medium sm:inline" title={current?.name}>
        {current?.name}
      </span>
    );
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="secondary"
          size="sm"
          // Shrinks with the header on a phone: a long name ends in an ellipsis, not over the logo.
          className="min-w-0 shrink! sm:max-w-64"
          title={current?.name}
          aria-label={`Account: ${current?.name ?? ''}. Switch account`}
        >
          <span className="min-w-0 truncate">{current?.name}</span>
          <span aria-hidden>▾</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>Accounts</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={current?.id ?? ''} onValueChange={switchAccount}>
          {accounts.map((a) => (
            <DropdownMenuRadioItem key={a.id} value={a.id}>
              {a.name} <span className="ml-auto text-xs text-muted">{a.role.name}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export function UserMenu({ user }: { user: ContextBasic['user'] }) {
  const theme = useTheme();
  const initial = (user.name ?? user.email).charAt(0).toUpperCase();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <button
          type="button"
          aria-label="User menu"
          className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-primary text-sm font-semibold text-primary-fg"
        >
          {initial}
        </button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>
          <span className="block text-sm font-medium text-fg">{user.name ?? 'Signed in'}</span>
          <span className="block truncate">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={theme} onValueChange={(v) => setTheme(v as Theme)}>
          <DropdownMenuRadioItem value="light">Light</DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="dark">Dark</DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="system">System</DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut()}>Sign out</DropdownMenuItem>
        <DropdownMenuItem onSelect={() => void signOutEverywhere()}>Sign out everywhere</DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
