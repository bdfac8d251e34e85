import { z } from 'zod';

// Client-side checks so a typo is caught before a round trip; the API stays the judge (422 errors
// land on the same fields).
export const email = z.string().trim().min(1, 'Enter your email').email('Enter a valid email address');
export const password = z.string().min(8, 'At least 8 characters');
export const code = z.string().regex(/^\d{6}$/, 'The 6-digit code from the email');

export const signInSchema = z.object({ email, password: z.string().min(1, 'Enter your password') });
export const signUpSchema = z.object({
  name: z.string().trim().max(200).optional(),
  email,
  password,
  account_name: z.string().trim().min(1, 'Name your organisation').max(200),
});
export const verifySchema = z.object({ email, code });
export const forgotSchema = z.object({ email });
export const resetSchema = z.object({ email, code, new_password: password });
