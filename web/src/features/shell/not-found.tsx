import { Link } from '@tanstack/react-router';
import { EmptyState } from '../../components/ui/empty-state';

export function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <EmptyState
        title="Page not found"
        description="This address does not match a page of the console."
        action={
          <Link to="/messages" className="text-sm font-medium text-primary underline">
            Go to messages
          </Link>
        }
      />
    </main>
  );
}
