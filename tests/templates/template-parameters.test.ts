import { describe, expect, it } from 'vitest';
import { compileTemplate, templateParameters } from '../../src/templates/index.js';

const compiled = (body: string) => compileTemplate(body, { html: false });

describe('templateParameters', () => {
  it('gives the variables’ values in order of first use, each once', () => {
    const template = compiled('Hi {first_name}, order {ORDER} ships {DATE}. Bye {FIRST_NAME}.');
    const values = templateParameters(template, {
      variables: { order: 'A-17' },
      contact: { firstName: 'Amina' },
      now: new Date('2027-03-14T13:00:00Z'),
      account: { timezone: 'UTC' },
    });
    expect(values).toEqual(['Amina', 'A-17', '2027-03-14']);
  });

  it('applies the fallback of a variable without a value as the body does', () => {
    const template = compiled('{A} and {B}');
    expect(templateParameters(template, { variables: { A: 'x' } })).toEqual(['x', '{B}']);
    expect(templateParameters(template, {}, 'use_default', { b: 'default b' })).toEqual(['', 'default b']);
  });
});
