import * as D from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

export const Sheet = D.Root;
export const SheetTrigger = D.Trigger;
export const SheetClose = D.Close;

/** A panel sliding from the side (details, the phone navigation). */
export function SheetContent({
  title,
  description,
  side = 'right',
  children,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  side?: 'left' | 'right';
  children: ReactNode;
  className?: string;
}) {
  return (
    <D.Portal>
      <D.Overlay className="fixed inset-0 z-40 bg-black/50" />
      <D.Content
        className={cn(
          'fixed inset-y-0 z-50 flex w-full max-w-md flex-col overflow-y-auto border-border bg-surface p-6 shadow-xl',
          side === 'right' ? 'right-0 border-l' : 'left-0 max-w-72 border-r',
          className,
        )}
        {...(description ? {} : { 'aria-describedby': undefined })}
      >
        <div className="flex items-start justify-between gap-4">
          <div>
            <D.Title className="text-lg font-semibold">{title}</D.Title>
            {description && <D.Description className="mt-1 text-sm text-muted">{description}</D.Description>}
          </div>
          <D.Close className="rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-2" aria-label="Close">
            ✕
          </D.Close>
        </div>
        <div className="mt-4 flex-1">{children}</div>
      </D.Content>
    </D.Portal>
  );
}
