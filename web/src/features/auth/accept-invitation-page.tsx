import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api } from '../../api/client';
import { applyFieldErrors, unwrap } from '../../api/problem';
import { PageHeader } from '../../components/page-header';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { Input } from '../../components/ui/input';
import { toast } from '../../components/ui/toast';
import { FormError } from './auth-layout';

/** Joins an account with the token from an invitation mail (signed in as the invited address). */
export function AcceptInvitationPage() {
  const search = useSearch({ from: '/app/accept-invitation' });
  const navigate = useNavigate();
  const client = useQueryClient();
  const [formError, setFormError] = useState<string>();
  const form = useForm<{ token: string }>({ defaultValues: { token: search.token ?? '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ token }) => {
    setFormError(undefined);
    try {
      await unwrap(api.POST('/v1/invitations/accept', { body: { token: token.trim() } }));
      await client.invalidateQueries({ queryKey: ['context'] });
      toast('Invitation accepted', { description: 'Switch to the new account from the header.' });
      await navigate({ to: '/messages' });
    } catch (error) {
      setFormError(applyFieldErrors(error, form.setError, ['token']));
    }
  });

  return (
    <div className="max-w-lg">
      <PageHeader title="Accept an invitation" description="Paste the token from the invitation email." />
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <FormError message={formError} />
        <Field label="Invitation token" error={errors.token?.message}>
          <Input
            autoComplete="off"
            {...form.register('token', { required: 'Paste the token from the email' })}
          />
        </Field>
        <Button type="submit" loading={isSubmitting} className="self-start">
          Join the account
        </Button>
      </form>
    </div>
  );
}
