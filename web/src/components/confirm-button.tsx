import { type ReactNode, useState } from 'react';
import { Button, type ButtonProps } from './ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from './ui/dialog';

/** A button that asks first: the action runs from the dialog's confirm button. */
export function ConfirmButton({
  label,
  ariaLabel,
  title,
  description,
  confirmLabel,
  keepLabel = 'Keep it',
  variant = 'danger',
  onConfirm,
  size,
  children,
}: {
  label: ReactNode;
  /** The button's accessible name when the visible label is short ("Revoke" in a list of many). */
  ariaLabel?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  keepLabel?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  onConfirm: () => Promise<unknown>;
  /** Fields the dialog asks for before confirming (a reason). */
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant} size={size} aria-label={ariaLabel}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        {children}
        <div className="flex flex-wrap justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">{keepLabel}</Button>
          </DialogClose>
          <Button
            variant={variant}
            loading={pending}
            onClick={async () => {
              setPending(true);
              try {
                await onConfirm();
                setOpen(false);
              } catch {
                // The caller reports the failure (a toast); the dialog stays open to retry.
              } finally {
                setPending(false);
              }
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
