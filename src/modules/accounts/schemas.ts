import { z } from '@hono/zod-openapi';
import { getCountries } from 'libphonenumber-js';

const COUNTRIES = new Set<string>(getCountries());

/** True for IANA zone names the runtime knows (and `UTC`). */
export function isValidTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const CountryCode = z
  .string()
  .transform((v) => v.toUpperCase())
  .refine((v) => COUNTRIES.has(v), { message: 'must be an ISO 3166 alpha-2 country code' })
  .openapi({ example: 'ET', description: 'ISO 3166-1 alpha-2; applies to national phone numbers' });

export const Timezone = z
  .string()
  .refine(isValidTimezone, { message: 'must be an IANA time zone such as Africa/Addis_Ababa' })
  .openapi({ example: 'Africa/Addis_Ababa' });

export const Account = z
  .object({
    id: z.uuid(),
    name: z.string(),
    default_country_code: z.string().nullable(),
    timezone: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Account');
export type Account = z.infer<typeof Account>;

export const AccountCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    default_country_code: CountryCode.nullable().optional(),
    timezone: Timezone.optional(),
  })
  .openapi('AccountCreate');

export const AccountUpdate = AccountCreate.partial().openapi('AccountUpdate');
