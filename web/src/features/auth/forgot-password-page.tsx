import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { api } from '../../api/client';
import { applyFieldErrors, unwrap } from '../../api/problem';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { FormError } from './auth-layout';
import { forgotSchema } from './schemas';

type Values = z.infer<typeof forgotSchema>;

export function ForgotPasswordPage() {
  const search = useSearch({ from: '/auth/forgot-password' });
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string>();
  const form = useForm<Values>({
    resolver: zodResolver(forgotSchema),
    defaultValues: { email: search.email ?? '' },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      await unwrap(api.POST('/v1/auth/forgot-password', { body: values }));
      await navigate({ to: '/reset-password', search: { email: values.email } });
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setError, ['email']));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      <p className="text-sm text-muted">We will email you a code to set a new one.</p>
      <FormError message={formError} />
      <Field label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register('email')} />
      </Field>
      <Button type="submit" loading={isSubmitting}>
        Email me a code
      </Button>
      <Link
        to="/sign-in"
        search={{ email: undefined, redirect: undefined }}
        className="text-sm text-primary underline"
      >
        Back to sign in
      </Link>
    </form>
  );
}
