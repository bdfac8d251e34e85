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
import { resetSchema } from './schemas';

type Values = z.infer<typeof resetSchema>;

export function ResetPasswordPage() {
  const search = useSearch({ from: '/auth/reset-password' });
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string>();
  const form = useForm<Values>({
    resolver: zodResolver(resetSchema),
    defaultValues: { email: search.email ?? '', code: '', new_password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      await unwrap(api.POST('/v1/auth/reset-password', { body: values }));
      toast('Password changed', {
        description: 'Every other session was signed out. Sign in with the new password.',
      });
      await navigate({ to: '/sign-in', search: { email: values.email, redirect: undefined } });
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setError, ['email', 'code', 'new_password']));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Set a new password</h1>
      <FormError message={formError} />
      <Field label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register('email')} />
      </Field>
      <Field label="Code from the email" error={errors.code?.message}>
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} {...form.register('code')} />
      </Field>
      <Field label="New password" hint="At least 8 characters" error={errors.new_password?.message}>
        <Input type="password" autoComplete="new-password" {...form.register('new_password')} />
      </Field>
      <Button type="submit" loading={isSubmitting}>
        Change password
      </Button>
    </form>
  );
}
