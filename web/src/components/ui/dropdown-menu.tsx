import * as M from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

export const DropdownMenu = M.Root;
export const DropdownMenuTrigger = M.Trigger;
export const DropdownMenuRadioGroup = M.RadioGroup;

export function DropdownMenuContent({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <M.Portal>
      <M.Content
        align="end"
        sideOffset={6}
        className={cn(
          'z-50 min-w-52 rounded-md border border-border bg-surface p-1 text-sm shadow-lg',
          className,
        )}
      >
        {children}
      </M.Content>
    </M.Portal>
  );
}

const ITEM =
  'flex cursor-default select-none items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-surface-2';

export function DropdownMenuItem({
  children,
  onSelect,
  className,
}: {
  children: ReactNode;
  onSelect?: () => void;
  className?: string;
}) {
  return (
    <M.Item className={cn(ITEM, className)} {...(onSelect ? { onSelect } : {})}>
      {children}
    </M.Item>
  );
}

export function DropdownMenuRadioItem({ value, children }: { value: string; children: ReactNode }) {
  return (
    <M.RadioItem value={value} className={cn(ITEM, 'pl-7 relative')}>
      <M.ItemIndicator className="absolute left-2">●</M.ItemIndicator>
      {children}
    </M.RadioItem>
  );
}

export function DropdownMenuLabel({ children }: { children: ReactNode }) {
  return <M.Label className="px-2 py-1.5 text-xs font-medium text-muted">{children}</M.Label>;
}

export function DropdownMenuSeparator() {
  return <M.Separator className="my-1 h-px bg-border" />;
}
