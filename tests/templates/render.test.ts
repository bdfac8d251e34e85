import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  compileTemplate,
  extractVariables,
  type RenderSources,
  renderTemplate,
} from '../../src/templates/index.js';

const sms = (body: string) => compileTemplate(body, { html: false });
const render = (body: string, sources: RenderSources, ...rest: [any?, any?]) =>
  renderTemplate(sms(body), sources, ...rest);

/** The ValidationError a body is refused with. */
function refusal(body: string): ValidationError {
  try {
    compileTemplate(body, { html: false });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error(`accepted: ${body}`);
}

const contact = {
  name: 'Ann Smith',
  firstName: 'Ann',
  lastName: 'Smith',
  phone: '+251911234567',
  email: 'ann@example.com',
  attributes: { City: 'Addis Ababa', plan: 'gold', visits: 3, vip: true },
};

describe('extractVariables', () => {
  it('upper-cases and de-duplicates single-brace and Handlebars names, in order of first use', () => {
    expect(
      extractVariables(
        'Hi {first_name} {FIRST_NAME}{{#if city}} in {{City}}{{/if}} {{#unless Vip}}{code}{{/unless}}',
      ),
    ).toEqual(['FIRST_NAME', 'CITY', 'VIP', 'CODE']);
  });

  it('ignores braces that are not placeholders', () => {
    expect(extractVariables('{ "json": 1 } {} {1abc} {with space} \\{{LITERAL}}')).toEqual([]);
  });
});

describe('value order', () => {
  const body = '{FIRST_NAME}|{CITY}|{ACCOUNT_NAME}|{SENDER_NAME}|{DATE}';
  const full: RenderSources = {
    variables: { first_name: 'Custom' },
    contact,
    account: { name: 'Acme', timezone: 'UTC' },
    sender: { senderName: 'ACME-SMS' },
    now: new Date('2026-03-14T10:00:00Z'),
  };

  it('takes the first source that has a value', () => {
    expect(render(body, full).body).toBe('Custom|Addis Ababa|Acme|ACME-SMS|2026-03-14');
  });

  it('lets each source override the next one', () => {
    // The send's variables beat the contact's fields.
    expect(render('{FIRST_NAME}', { variables: { FIRST_NAME: 'V' }, contact }).body).toBe('V');
    // Contact fields beat attributes of the same name.
    expect(render('{FIRST_NAME}', { contact: { ...contact, attributes: { first_name: 'Attr' } } }).body).toBe(
      'Ann',
    );
    // The send's variables beat attributes too.
    expect(render('{PLAN}', { variables: { plan: 'silver' }, contact }).body).toBe('silver');
    // Attributes beat the account, the sender and the system.
    const attributes = { account_name: 'A1', sender_name: 'S1', date: 'D1' };
    const rest: RenderSources = {
      account: { name: 'Acme' },
      sender: { senderName: 'S' },
      now: new Date('2026-01-01T00:00:00Z'),
    };
    expect(render('{ACCOUNT_NAME} {SENDER_NAME} {DATE}', { ...rest, contact: { attributes } }).body).toBe(
      'A1 S1 D1',
    );
    expect(render('{ACCOUNT_NAME} {SENDER_NAME} {DATE}', rest).body).toBe('Acme S 2026-01-01');
  });

  it('falls through empty and null values to the next source', () => {
    expect(
      render('{FIRST_NAME}', {
        variables: { FIRST_NAME: '' },
        contact: { firstName: null, attributes: { First_Name: 'A' } },
      }).body,
    ).toBe('A');
  });

  it('reads every contact field and attribute keys case-insensitively', () => {
    const out = render('{name}/{first_name}/{last_name}/{phone}/{email}/{city}/{PLAN}/{Visits}/{vip}', {
      contact,
    });
    expect(out.body).toBe('Ann Smith/Ann/Smith/+251911234567/ann@example.com/Addis Ababa/gold/3/true');
    expect(out.missing_variables).toEqual([]);
  });
});

describe('Handlebars blocks', () => {
  const body = 'Hi{{#if first_name}} {first_name}{{else}} there{{/if}}!{{#unless CODE}} No code.{{/unless}}';

  it('renders #if / else / #unless over the same names', () => {
    expect(render(body, { contact }).body).toBe('Hi Ann! No code.');
    expect(render(body, { variables: { code: 'X' } }).body).toBe('Hi there!');
  });

  it('supports else if chains and {{NAME}} output', () => {
    const chain = '{{#if A}}a={{a}}{{else if B}}b={{B}}{{else}}none{{/if}}';
    expect(render(chain, { variables: { b: '2' } }).body).toBe('b=2');
    expect(render(chain, {}).body).toBe('none');
  });

  it('does not count a name that is only tested as missing', () => {
    const out = render(body, {}, 'skip_contact');
    expect(out).toEqual({ body: 'Hi there! No code.', missing_variables: [], skip: false });
  });
});

describe('fallback strategies', () => {
  const body = 'Hi {first_name}, code {{code}} for {City}';

  it('keep_placeholder leaves each placeholder exactly as written', () => {
    const out = render(body, { contact: { attributes: { city: 'Adama' } } }, 'keep_placeholder');
    expect(out).toEqual({
      body: 'Hi {first_name}, code {{code}} for Adama',
      missing_variables: ['FIRST_NAME', 'CODE'],
      skip: false,
    });
  });

  it('use_default takes default_values (case-insensitive), else empty', () => {
    const out = render(body, {}, 'use_default', { FIRST_NAME: 'friend', city: 'town' });
    expect(out).toEqual({
      body: 'Hi friend, code  for town',
      missing_variables: ['FIRST_NAME', 'CODE', 'CITY'],
      skip: false,
    });
  });

  it('skip_contact says skip and names what is missing', () => {
    expect(render(body, { contact }, 'skip_contact')).toEqual({
      body: 'Hi Ann, code {{code}} for Addis Ababa',
      missing_variables: ['CODE'],
      skip: true,
    });
    expect(render(body, { contact, variables: { code: 7 } }, 'skip_contact').skip).toBe(false);
  });
});

describe('escaping', () => {
  const body = '<p>Hi {first_name} {{{first_name}}}</p>';
  const sources = { variables: { first_name: '<b>Tom & "Jerry"</b>' } };

  it('escapes values, and only values, in HTML email', () => {
    const out = renderTemplate(compileTemplate(body, { html: true }), sources);
    const escaped = '&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;';
    expect(out.body).toBe(`<p>Hi ${escaped} ${escaped}</p>`);
  });

  it('leaves SMS and chat text as it is', () => {
    expect(renderTemplate(sms(body), sources).body).toBe(
      '<p>Hi <b>Tom & "Jerry"</b> <b>Tom & "Jerry"</b></p>',
    );
  });
});

describe('DATE and TIME', () => {
  const now = new Date('2026-03-14T22:30:00Z');

  it("use the schedule's time zone, else the account's, else UTC", () => {
    expect(render('{DATE} {TIME}', { now }).body).toBe('2026-03-14 22:30');
    // Addis Ababa is UTC+3: already the next day.
    expect(render('{DATE} {TIME}', { now, account: { timezone: 'Africa/Addis_Ababa' } }).body).toBe(
      '2026-03-15 01:30',
    );
    expect(
      render('{date} {time}', {
        now,
        account: { timezone: 'Africa/Addis_Ababa' },
        timezone: 'America/New_York',
      }).body,
    ).toBe('2026-03-14 18:30');
  });

  it('uses a 24-hour clock with zero padding', () => {
    expect(render('{TIME}', { now: new Date('2026-07-01T00:05:00Z'), timezone: 'Asia/Kolkata' }).body).toBe(
      '05:35',
    );
  });
});

describe('malformed and malicious templates', () => {
  it('refuses malformed syntax with a 422 at message_body', () => {
    for (const body of ['{{#if A}}open', '{{#if A}}x{{/unless}}', '{{x', '{{#if}}x{{/if}}']) {
      const error = refusal(body);
      expect(error.status).toBe(422);
      expect(error.errors?.[0]?.path).toBe('message_body');
    }
  });

  it('refuses every way to reach prototypes, helpers or partials', () => {
    for (const body of [
      '{{constructor.constructor}}',
      '{{#with __proto__}}{{polluted}}{{/with}}',
      '{{lookup this "constructor"}}',
      '{{> partial}}',
      '{{#each A}}{{this}}{{/each}}',
      '{{@root.x}}',
      '{{../x}}',
      '{{log "x"}}',
      '{{#A}}x{{/A}}',
    ]) {
      expect(refusal(body).errors?.[0]?.path).toBe('message_body');
    }
  });

  it('renders names like constructor or __proto__ as plain missing variables', () => {
    const out = render('{constructor} {__proto__} {{#if toString}}yes{{/if}}', {
      variables: {},
      contact: { attributes: {} },
    });
    expect(out.body).toBe('{constructor} {__proto__} ');
    expect(out.missing_variables).toEqual(['CONSTRUCTOR', '__PROTO__']);
  });
});

describe('compiled template cache', () => {
  it('returns the same compiled template for the same body and mode', () => {
    expect(sms('Hi {A}')).toBe(sms('Hi {A}'));
    expect(compileTemplate('Hi {A}', { html: true })).not.toBe(sms('Hi {A}'));
  });
});
