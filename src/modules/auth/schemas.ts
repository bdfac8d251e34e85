import { z } from '@hono/zod-openapi';
import { Account } from '../accounts/schemas.js';

export const Email = z.email().max(254).openapi({ example: 'ada@example.com' });
export const Password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256)
  .openapi({ example: 'correct horse battery staple' });
const Code = z
  .string()
  .regex(/^\d{6}$/, 'must be 6 digits')
  .openapi({ example: '123456' });

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    email_verified: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('User');

export const RegisterInput = z
  .object({
    email: Email,
    password: Password,
    name: z.string().trim().min(1).max(200).optional(),
    account_name: z.string().trim().min(1).max(200),
  })
  .openapi('RegisterInput');
export const RegisterResult = z.object({ user: User, account: Account }).openapi('RegisterResult');

export const VerifyEmailInput = z.object({ email: Email, code: Code }).openapi('VerifyEmailInput');
export const EmailInput = z.object({ email: Email }).openapi('EmailInput');
export const LoginInput = z
  .object({ email: Email, password: z.string().min(1).max(256) })
  .openapi('LoginInput');
export const RefreshInput = z.object({ refresh_token: z.string().min(1).max(200) }).openapi('RefreshInput');
export const ResetPasswordInput = z
  .object({ email: Email, code: Code, new_password: Password })
  .openapi('ResetPasswordInput');

export const ChangePasswordInput = z
  .object({ current_password: z.string().min(1).max(1024), new_password: Password })
  .openapi('ChangePasswordInput');

export const TokenPair = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ description: 'Access token lifetime in seconds' }),
  })
  .openapi('TokenPair');

export const Accepted = z.object({ status: z.literal('accepted') }).openapi('Accepted');
export const Ok = z.object({ status: z.literal('ok') }).openapi('Ok');
