import { zodResolver } from '@hookform/resolvers/zod';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { api } from '../../api/client';
import { applyFieldErrors, unwrap } from '../../api/problem';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { toast } from '../../components/ui/toast';
import { FormError } from './auth-layout';
import { verifySchema } from './schemas';

type Values = z.infer<typeof verifySchema>;

export function VerifyEmailPage() {
  const search = useSearch({ from: '/auth/verify-email' });
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string>();
  const [resending, setResending] = useState(false);
  const form = useForm<Values>({
    resolver: zodResolver(verifySchema),
    defaultValues: { email: search.email ?? '', code: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      await unwrap(api.POST('/v1/auth/verify-email', { body: values }));
      toast('Email verified', { description: 'Sign in to continue.' });
      await navigate({ to: '/sign-in', search: { email: values.email, redirect: undefined } });
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setError, ['email', 'code']));
    }
  });

  const resend = async () => {
    const email = form.getValues('email');
    if (!(await form.trigger('email'))) return;
    setResending(true);
    try {
      await unwrap(api.POST('/v1/auth/resend-verification', { body: { email } }));
      toast('A new code is on its way', { description: `Sent to ${email} if it awaits verification.` });
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setError, ['email']));
    } finally {
      setResending(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Verify your email</h1>
      <p className="text-sm text-muted">
        We sent a 6-digit code to your email address. It expires in 15 minutes.
      </p>
      <FormError message={formError} />
      <Field label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register('email')} />
      </Field>
      <Field label="Verification code" error={errors.code?.message}>
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          pattern="[0-9]*"
          placeholder="123456"
          className="text-center font-mono text-lg tracking-[0.5em]"
          {...form.register('code', {
            setValueAs: (v: string) => v.replace(/\D/g, '').slice(0, 6),
          })}
        />
      </Field>
      <Button type="submit" loading={isSubmitting}>
        Verify
      </Button>
      <Button variant="ghost" onClick={resend} loading={resending}>
        Send a new code
      </Button>
    </form>
  );
}
