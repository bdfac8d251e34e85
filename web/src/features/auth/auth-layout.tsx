import { Outlet } from '@tanstack/react-router';

export function AuthLayout() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-xl font-semibold">
          <img src="/favicon.svg" alt="" className="h-8 w-8" />
          Turumba
        </div>
        <div className="rounded-lg border border-border bg-surface p-6 shadow-sm">
          <Outlet />
        </div>
      </div>
    </main>
  );
}

export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-danger/50 px-3 py-2 text-sm text-danger">
      {message}
    </p>
  );
}
