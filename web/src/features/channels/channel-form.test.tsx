// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/problem';
import type { Channel, ProviderInfo } from '../../api/types';
import { ChannelForm, type ChannelPayload } from './channel-form';

afterEach(cleanup);

// The shape GET /v1/providers gives for Twilio (trimmed).
const twilio: ProviderInfo = {
  id: 'twilio',
  channel_type: 'sms',
  credentials_schema: {
    type: 'object',
    properties: {
      account_sid: { type: 'string', pattern: '^AC[0-9a-fA-F]{32}$' },
      auth_token: { type: 'string', pattern: '^[0-9a-fA-F]{32}$' },
    },
    required: ['account_sid', 'auth_token'],
  },
  config_schema: {
    type: 'object',
    properties: {
      from: { type: 'string' },
      timeout_ms: { type: 'integer', minimum: 100, maximum: 30000 },
      smtp_security: { type: 'string', enum: ['tls', 'starttls'], default: 'starttls' },
      deliver: { type: 'boolean', default: true },
    },
  },
  secret_fields: ['auth_token'],
  base_url_allowed: false,
  webhooks: ['status', 'inbound'],
};

const SID = `AC${'a'.repeat(32)}`;
const TOKEN = 'b'.repeat(32);

function field(name: RegExp) {
  return screen.getByLabelText(name) as HTMLInputElement;
}

describe('ChannelForm, generated from the provider schema', () => {
  it('draws one input per schema field: secrets as password inputs, enums as selects, booleans as checkboxes', () => {
    render(<ChannelForm provider={twilio} submitLabel="Create" onSubmit={vi.fn()} />);
    expect(field(/^Account SID$/).type).toBe('text');
    expect(field(/^Auth token$/).type).toBe('password');
    expect(field(/^Timeout ms/).getAttribute('inputmode')).toBe('numeric');
    expect(field(/^SMTP security/).tagName).toBe('SELECT');
    expect(field(/^Deliver$/).type).toBe('checkbox');
    expect(field(/^Deliver$/).checked).toBe(true);
  });

  it('checks required fields, patterns and ranges before sending anything', async () => {
    const onSubmit = vi.fn();
    render(<ChannelForm provider={twilio} submitLabel="Create" onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(field(/^Account SID$/), 'not-a-sid');
    await user.type(field(/^Timeout ms/), '5');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await screen.findByText('Name the channel');
    expect(screen.getByText('Not in the expected format')).toBeTruthy();
    expect(screen.getByText('Required')).toBeTruthy();
    expect(screen.getByText('At least 100')).toBeTruthy();
    expect(field(/^Auth token$/).getAttribute('aria-invalid')).toBe('true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends typed values and leaves empty optional fields out', async () => {
    const onSubmit = vi.fn<(p: ChannelPayload) => Promise<void>>().mockResolvedValue();
    render(<ChannelForm provider={twilio} submitLabel="Create" onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(field(/^Name$/), 'Kenya SMS');
    await user.type(field(/^Rate limit/), '25');
    await user.type(field(/^Account SID$/), SID);
    await user.type(field(/^Auth token$/), TOKEN);
    await user.type(field(/^Timeout ms/), '2500');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledOnce());
    expect(onSubmit.mock.calls[0]![0]).toEqual({
      name: 'Kenya SMS',
      sender_name: null,
      default_country_code: null,
      rate_limit: 25,
      credentials: { account_sid: SID, auth_token: TOKEN },
      config: { timeout_ms: 2500, smtp_security: 'starttls', deliver: true },
    });
  });

  it('puts problem+json field errors from the API on the matching fields', async () => {
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError(422, {
        status: 422,
        code: 'validation_failed',
        detail: 'The channel settings are not acceptable',
        errors: [
          { path: 'credentials.auth_token', message: 'rejected by the provider' },
          { path: 'name', message: 'already used' },
        ],
      }),
    );
    render(<ChannelForm provider={twilio} submitLabel="Create" onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(field(/^Name$/), 'Dup');
    await user.type(field(/^Account SID$/), SID);
    await user.type(field(/^Auth token$/), TOKEN);
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await screen.findByText('rejected by the provider');
    expect(field(/^Auth token$/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('already used')).toBeTruthy();
    expect(field(/^Name$/).getAttribute('aria-invalid')).toBe('true');
  });

  it('never prefills secrets when editing, shows them masked, and keeps them unless replaced', async () => {
    const channel = {
      id: '5f0c8a4e-2b6d-4c57-9d35-1a2b3c4d5e6f',
      name: 'Kenya SMS',
      channel_type: 'sms',
      provider: 'twilio',
      credentials: { account_sid: '••••aaaa', auth_token: '••••bbbb' },
      config: { timeout_ms: 2500 },
      sender_name: null,
      default_country_code: 'KE',
      rate_limit: null,
      retry_count: 3,
    } as unknown as Channel;
    const onSubmit = vi.fn<(p: ChannelPayload) => Promise<void>>().mockResolvedValue();
    render(<ChannelForm provider={twilio} channel={channel} submitLabel="Save" onSubmit={onSubmit} />);
    const user = userEvent.setup();
    expect(screen.queryByLabelText(/^Auth token$/)).toBeNull();
    expect(screen.getByText('••••bbbb')).toBeTruthy();
    await user.clear(field(/^Timeout ms/));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledOnce());
    const payload = onSubmit.mock.calls[0]![0];
    expect(payload).not.toHaveProperty('credentials');
    // A cleared stored setting is removed (null), as the API's PATCH merge expects.
    expect(payload.config).toMatchObject({ timeout_ms: null });
    expect(payload.default_country_code).toBe('KE');

    await user.click(screen.getByRole('button', { name: 'Replace credentials' }));
    expect(field(/^Auth token$/).value).toBe('');
    expect(screen.getByText('Stored: ••••bbbb')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findAllByText('Required');
    expect(onSubmit).toHaveBeenCalledOnce();
  });
});
