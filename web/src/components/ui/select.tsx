import * as S from '@radix-ui/react-select';
import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

/** A styled Radix select for short option lists (value '' is not allowed by Radix: use 'any'). */
export function Select({
  value,
  onValueChange,
  label,
  children,
  className,
  id,
}: {
  value: string;
  onValueChange: (value: string) => void;
  label: string;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  return (
    <S.Root value={value} onValueChange={onValueChange}>
      <S.Trigger
        id={id}
        aria-label={label}
        className={cn(
          'inline-flex h-10 w-full items-center justify-between gap-2 rounded-md border border-border bg-surface px-3 text-sm',
          className,
        )}
      >
        <S.Value />
        <S.Icon aria-hidden className="text-muted">
          ▾
        </S.Icon>
      </S.Trigger>
      <S.Portal>
        <S.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-72 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border border-border bg-surface shadow-lg"
        >
          <S.Viewport className="p-1">{children}</S.Viewport>
        </S.Content>
      </S.Portal>
    </S.Root>
  );
}

export function SelectItem({ value, children }: { value: string; children: ReactNode }) {
  return (
    <S.Item
      value={value}
      className="cursor-default select-none rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-surface-2"
    >
      <S.ItemText>{children}</S.ItemText>
    </S.Item>
  );
}
