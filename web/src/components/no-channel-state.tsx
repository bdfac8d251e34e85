import { Link } from '@tanstack/react-router';
import { PageHeader } from './page-header';
import { Button } from './ui/button';
import { EmptyState } from './ui/empty-state';

/** A sending page with no enabled channel: say so and offer to add one. */
export function NoChannelState({ title, then }: { title: string; then: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState
        title="No channel to send from"
        description={`Add a channel first (the sandbox needs no provider account), then come back to ${then}.`}
        action={
          <Button asChild>
            <Link to="/channels/new">Add a channel</Link>
          </Button>
        }
      />
    </>
  );
}

/** A sending page opened by a role that may not send (a viewer): no form, no send button. */
export function CannotSendState({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState
        title="Your role cannot send"
        description="Ask an admin of this account for a role that may send messages."
      />
    </>
  );
}
