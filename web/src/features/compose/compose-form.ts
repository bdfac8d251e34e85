import { z } from 'zod';
import type { ChannelType } from '../../api/types';

/** How each channel type addresses a recipient (what the API delivers to). */
export const ADDRESS_RULES: Record<
  ChannelType,
  { label: string; placeholder: string; pattern: RegExp; message: string }
> = {
  sms: phone(),
  smpp: phone(),
  whatsapp: phone(),
  sandbox: phone(),
  email: {
    label: 'Email address',
    placeholder: 'ada@example.com',
    pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
    message: 'Enter an email address',
  },
  telegram: {
    label: 'Telegram chat id',
    placeholder: '123456789',
    pattern: /^-?\d{1,20}$/,
    message: 'A numeric Telegram chat id',
  },
  messenger: {
    label: 'Messenger PSID',
    placeholder: '6543210987654321',
    pattern: /^\d{5,32}$/,
    message: 'A numeric page-scoped id (PSID)',
  },
};

function phone() {
  return {
    label: 'Phone number',
    placeholder: '+254712345678',
    // E.164, or a national number the API completes with the channel's or account's country.
    pattern: /^\+?[0-9][0-9 ().-]{4,20}$/,
    message: 'A phone number, ideally in international format (+254…)',
  };
}

export const composeSchema = z
  .object({
    channel_id: z.string().min(1, 'Choose a channel'),
    recipient_mode: z.enum(['contact', 'address']),
    contact_id: z.string(),
    delivery_address: z.string().trim(),
    content_mode: z.enum(['text', 'template']),
    template_id: z.string(),
    message_body: z.string().max(100_000),
    subject: z.string().max(998),
    variables: z.record(z.string(), z.string()),
    when: z.enum(['now', 'later']),
    scheduled_at: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.recipient_mode === 'contact' && !v.contact_id)
      ctx.addIssue({ code: 'custom', path: ['contact_id'], message: 'Choose a contact' });
    if (v.recipient_mode === 'address' && !v.delivery_address)
      ctx.addIssue({ code: 'custom', path: ['delivery_address'], message: 'Enter the recipient' });
    if (v.content_mode === 'template' && !v.template_id)
      ctx.addIssue({ code: 'custom', path: ['template_id'], message: 'Choose a template' });
    if (v.content_mode === 'text' && v.message_body.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['message_body'], message: 'Write the message' });
    if (v.when === 'later') {
      const at = new Date(v.scheduled_at);
      if (!v.scheduled_at || Number.isNaN(at.getTime()))
        ctx.addIssue({ code: 'custom', path: ['scheduled_at'], message: 'Pick a date and time' });
      else if (at.getTime() < Date.now())
        ctx.addIssue({ code: 'custom', path: ['scheduled_at'], message: 'Pick a time in the future' });
    }
  });
export type ComposeValues = z.infer<typeof composeSchema>;

/** The address check of the chosen channel's type, on top of the schema. */
export function addressProblem(channelType: ChannelType | undefined, address: string): string | undefined {
  if (!channelType || address === '') return undefined;
  const rule = ADDRESS_RULES[channelType];
  return rule.pattern.test(address) ? undefined : rule.message;
}

/** The POST /v1/messages body of a valid form. */
export function toMessageBody(v: ComposeValues, variableNames: string[]) {
  const variables = Object.fromEntries(
    variableNames.map((name) => [name, v.variables[name] ?? '']).filter(([, value]) => value !== ''),
  );
  return {
    channel_id: v.channel_id,
    ...(v.recipient_mode === 'contact'
      ? { contact_id: v.contact_id }
      : { delivery_address: v.delivery_address }),
    ...(v.content_mode === 'template' ? { template_id: v.template_id } : { message_body: v.message_body }),
    ...(v.subject.trim() ? { subject: v.subject.trim() } : {}),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(v.when === 'later' ? { scheduled_at: new Date(v.scheduled_at).toISOString() } : {}),
  };
}
