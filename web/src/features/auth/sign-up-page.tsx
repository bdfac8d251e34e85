import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { api } from '../../api/client';
import { applyFieldErrors, unwrap } from '../../api/problem';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { FormError } from './auth-layout';
import { signUpSchema } from './schemas';

type Values = z.infer<typeof signUpSchema>;
const FIELDS = ['name', 'email', 'password', 'account_name'] as const;

export function SignUpPage() {
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string>();
  const form = useForm<Values>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { name: '', email: '', password: '', account_name: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      await unwrap(
        api.POST('/v1/auth/register', {
          body: {
            email: values.email,
            password: values.password,
            account_name: values.account_name,
            ...(values.name ? { name: values.name } : {}),
          },
        }),
      );
      await navigate({ to: '/verify-email', search: { email: values.email } });
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setError, FIELDS));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Create your account</h1>
      <FormError message={formError} />
      <Field label="Your name" error={errors.name?.message}>
        <Input autoComplete="name" {...form.register('name')} />
      </Field>
      <Field
        label="Organisation"
        hint="The account your team sends from"
        error={errors.account_name?.message}
      >
        <Input autoComplete="organization" {...form.register('account_name')} />
      </Field>
      <Field label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register('email')} />
      </Field>
      <Field label="Password" hint="At least 8 characters" error={errors.password?.message}>
        <Input type="password" autoComplete="new-password" {...form.register('password')} />
      </Field>
      <Button type="submit" loading={isSubmitting}>
        Sign up
      </Button>
      <p className="text-sm text-muted">
        Already registered?{' '}
        <Link
          to="/sign-in"
          search={{ email: undefined, redirect: undefined }}
          className="text-primary underline"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
