import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/problem';
import type { Channel } from '../../api/types';
import { Button } from '../../components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../../components/ui/dialog';
import { toast } from '../../components/ui/toast';

/**
 * Delete with confirmation. While broadcasts or schedules use the channel the API answers 409
 * `channel_in_use`; the dialog then offers to cancel them and delete (`?force=true`).
 */
export function DeleteChannel({ channel, onDeleted }: { channel: Channel; onDeleted: () => void }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [inUse, setInUse] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  const remove = async (force: boolean) => {
    setPending(true);
    setError(undefined);
    try {
      await unwrap(
        api.DELETE('/v1/channels/{id}', {
          params: { path: { id: channel.id }, query: force ? { force: 'true' } : {} },
        }),
      );
      setOpen(false);
      client.removeQueries({ queryKey: ['channels', 'one', channel.id] });
      await client.invalidateQueries({ queryKey: ['channels'] });
      toast('Channel deleted');
      onDeleted();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'channel_in_use') setInUse(e.message);
      else setError(e instanceof Error ? e.message : 'Could not delete');
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setInUse(undefined);
          setError(undefined);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="danger" className="self-start">
          Delete channel
        </Button>
      </DialogTrigger>
      <DialogContent
        title={inUse ? 'This channel is in use' : `Delete “${channel.name}”?`}
        description={
          inUse
            ? `${inUse} Cancel those broadcasts and schedules and delete the channel?`
            : 'This cannot be undone. Messages already sent keep their history.'
        }
      >
        {error && (
          <p role="alert" className="mb-4 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Keep the channel</Button>
          </DialogClose>
          {inUse ? (
            <Button variant="danger" loading={pending} onClick={() => void remove(true)}>
              Cancel them and delete
            </Button>
          ) : (
            <Button variant="danger" loading={pending} onClick={() => void remove(false)}>
              Delete
            </Button>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
