import { describe, expect, it } from 'vitest';
import { errorsCsv, guessMapping, parseCsv, remapCsv } from './csv';

describe('import CSV helpers', () => {
  it('parses quoted fields, doubled quotes and CRLF line ends', () => {
    expect(parseCsv('name,phone\r\n"Doe, Jane","+1 ""555"""\r\nBob,2\n')).toEqual([
      ['name', 'phone'],
      ['Doe, Jane', '+1 "555"'],
      ['Bob', '2'],
    ]);
    expect(parseCsv('a,b\n1,2\n3,4', 2)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('guesses known columns and keeps the others as attributes', () => {
    expect(guessMapping('Phone Number')).toBe('phone');
    expect(guessMapping('First name')).toBe('first_name');
    expect(guessMapping('Group')).toBe('groups');
    expect(guessMapping('Plan')).toBe('attr:plan');
    expect(guessMapping('Date of Birth')).toBe('attr:date_of_birth');
  });

  it('rewrites the header and drops skipped columns', () => {
    expect(remapCsv('Mobile,Plan\n+1555,gold\n', ['phone', 'attr:tier'])).toBe('phone,tier\n+1555,gold\n');
    expect(remapCsv('a,b,c\n1,"x,y",3\n', ['name', 'skip', 'email'])).toBe('name,email\n1,3');
  });

  it('writes row errors as CSV', () => {
    expect(errorsCsv([{ row: 3, message: 'invalid phone, "x"' }])).toBe(
      'row,message\n3,"invalid phone, ""x"""',
    );
  });
});
