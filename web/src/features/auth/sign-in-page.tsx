import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ApiError, applyFieldErrors } from '../../api/problem';
import { signIn } from '../../api/session';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { FormError } from './auth-layout';
import { signInSchema } from './schemas';

type Values = z.infer<typeof signInSchema>;

export function SignInPage() {
  const search = useSearch({ from: '/auth/sign-in' });
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string>();
  const form = useForm<Values>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: search.email ?? '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    const response = await signIn(values.email, values.password).catch(() => undefined);
    if (!response) return setFormError('The server could not be reached.');
    if (response.ok) {
      const target = search.redirect?.startsWith('/') ? search.redirect : '/messages';
      await navigate({ to: target });
      return;
    }
    const error = new ApiError(response.status, await response.json().catch(() => undefined));
    if (error.code === 'email_not_verified') {
      await navigate({ to: '/verify-email', search: { email: values.email } });
      return;
    }
    setFormError(applyFieldErrors(error, form.setError, ['email', 'password']));
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <FormError message={formError} />
      <Field label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register('email')} />
      </Field>
      <Field label="Password" error={errors.password?.message}>
        <Input type="password" autoComplete="current-password" {...form.register('password')} />
      </Field>
      <Button type="submit" loading={isSubmitting}>
        Sign in
      </Button>
      <div className="flex justify-between text-sm">
        <Link to="/forgot-password" search={{ email: undefined }} className="text-primary underline">
          Forgot password?
        </Link>
        <Link to="/sign-up" className="text-primary underline">
          Create an account
        </Link>
      </div>
    </form>
  );
}
