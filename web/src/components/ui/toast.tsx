import * as T from '@radix-ui/react-toast';
import { type ReactNode, useSyncExternalStore } from 'react';
import { cn } from '../../lib/cn';

type ToastItem = { id: number; title: string; description?: ReactNode; tone: 'success' | 'error' | 'info' };

// A tiny store so any module (mutations, the session) can raise a toast without a provider in reach.
let items: ToastItem[] = [];
let nextId = 1;
const subscribers = new Set<() => void>();
const emit = () => {
  for (const s of subscribers) s();
};

/** Shows a toast; errors stay until dismissed, others fade after 5 s. */
export function toast(title: string, options: { description?: ReactNode; tone?: ToastItem['tone'] } = {}) {
  items = [
    ...items,
    { id: nextId++, title, description: options.description, tone: options.tone ?? 'success' },
  ];
  emit();
}

function dismiss(id: number) {
  items = items.filter((t) => t.id !== id);
  emit();
}

export function Toaster() {
  const list = useSyncExternalStore(
    (cb) => {
      subscribers.add(cb);
      return () => subscribers.delete(cb);
    },
    () => items,
  );
  return (
    <T.Provider swipeDirection="right">
      {list.map((t) => (
        <T.Root
          key={t.id}
          duration={t.tone === 'error' ? Number.POSITIVE_INFINITY : 5000}
          onOpenChange={(open) => !open && dismiss(t.id)}
          className={cn(
            'flex items-start gap-3 rounded-md border bg-surface p-4 shadow-lg',
            t.tone === 'error' ? 'border-danger' : 'border-border',
          )}
        >
          <div className="flex-1">
            <T.Title className={cn('text-sm font-semibold', t.tone === 'error' && 'text-danger')}>
              {t.title}
            </T.Title>
            {t.description && (
              <T.Description className="mt-1 text-sm text-muted">{t.description}</T.Description>
            )}
          </div>
          <T.Close aria-label="Dismiss" className="text-muted hover:text-fg">
            ✕
          </T.Close>
        </T.Root>
      ))}
      <T.Viewport className="fixed bottom-4 right-4 z-[60] flex w-[calc(100vw-2rem)] max-w-sm flex-col gap-2 outline-none" />
    </T.Provider>
  );
}
