import { describe, expect, it } from 'vitest';
import { apiListQuery, dayStartIso, listSearch } from '../../lib/list-search';
import { detectVariables } from '../../lib/template-variables';
import { addressProblem, type ComposeValues, composeSchema, toMessageBody } from './compose-form';

const base: ComposeValues = {
  channel_id: '5f0c8a4e-2b6d-4c57-9d35-1a2b3c4d5e6f',
  recipient_mode: 'address',
  contact_id: '',
  delivery_address: '+254712345678',
  content_mode: 'text',
  template_id: '',
  message_body: 'Your code is {CODE}',
  subject: '',
  variables: { CODE: '4321', STALE: 'x' },
  when: 'now',
  scheduled_at: '',
};

describe('compose form', () => {
  it('requires what the chosen modes need', () => {
    const problems = (v: Partial<ComposeValues>) =>
      composeSchema
        .safeParse({ ...base, ...v })
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(problems({})).toEqual([]);
    expect(problems({ recipient_mode: 'contact' })).toEqual(['contact_id: Choose a contact']);
    expect(problems({ content_mode: 'template' })).toEqual(['template_id: Choose a template']);
    expect(problems({ message_body: '  ' })).toEqual(['message_body: Write the message']);
    expect(problems({ when: 'later', scheduled_at: '2001-01-01T10:00' })).toEqual([
      'scheduled_at: Pick a time in the future',
    ]);
    expect(problems({ channel_id: '' })).toEqual(['channel_id: Choose a channel']);
  });

  it('checks the address against the channel type', () => {
    expect(addressProblem('sms', '+254712345678')).toBeUndefined();
    expect(addressProblem('sandbox', 'ada@example.com')).toMatch(/phone number/);
    expect(addressProblem('email', 'ada@example.com')).toBeUndefined();
    expect(addressProblem('email', '+254712345678')).toMatch(/email/);
    expect(addressProblem('telegram', '-100200300')).toBeUndefined();
    expect(addressProblem('messenger', 'abc')).toMatch(/PSID/);
  });

  it('builds the POST /v1/messages body: only the chosen recipient and content, only used variables', () => {
    expect(toMessageBody(base, ['CODE'])).toEqual({
      channel_id: base.channel_id,
      delivery_address: '+254712345678',
      message_body: 'Your code is {CODE}',
      variables: { CODE: '4321' },
    });
    const at = new Date(Date.now() + 3_600_000);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    const scheduled = toMessageBody(
      {
        ...base,
        recipient_mode: 'contact',
        contact_id: 'c1',
        content_mode: 'template',
        template_id: 't1',
        when: 'later',
        scheduled_at: local,
      },
      [],
    );
    expect(scheduled).toEqual({
      channel_id: base.channel_id,
      contact_id: 'c1',
      template_id: 't1',
      scheduled_at: new Date(local).toISOString(),
    });
  });
});

describe('template variables', () => {
  it('finds placeholders and Handlebars names once, upper-cased, in order', () => {
    expect(
      detectVariables('Hi {first_name}{{#if CITY}} from {{city}}{{else}}!{{/if}} {CODE} {code}'),
    ).toEqual(['FIRST_NAME', 'CITY', 'CODE']);
    expect(detectVariables('no variables', null)).toEqual([]);
  });
});

describe('list state in the URL', () => {
  it('keeps valid keys only and maps filters onto the list query', () => {
    expect(listSearch({ page: '3', page_size: '500', sort: 'created_at:desc' })).toEqual({
      page: 3,
      page_size: 100,
      sort: 'created_at:desc',
    });
    expect(listSearch({ page: '-1', sort: 'name;drop' })).toEqual({
      page: undefined,
      page_size: undefined,
      sort: undefined,
    });
    expect(apiListQuery({ page: 2 }, ['status:eq:delivered', undefined, false], 'created_at:desc')).toEqual({
      page: '2',
      page_size: '20',
      sort: 'created_at:desc',
      filter: ['status:eq:delivered'],
    });
    expect(
      new Date(dayStartIso('2026-03-14', true)).getTime() - new Date(dayStartIso('2026-03-14')).getTime(),
    ).toBeGreaterThan(22 * 3_600_000);
  });
});
