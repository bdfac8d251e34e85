/**
 * Micro benchmark of the template renderer the send worker uses per recipient:
 * `npx tsx bench/render.ts [renders]` prints renders per second of one cached template
 * (values resolved from a contact, its attributes, the account and the system clock), and the
 * rate of SMS measurement for GSM-7 and UCS-2 bodies.
 */
import { compileTemplate, measureSms, renderTemplate } from '../src/templates/index.js';

const RENDERS = Number(process.argv[2] ?? 1_000_000);

const body =
  'Hi {first_name}{{#if CITY}} from {city}{{/if}}, your appointment at {ACCOUNT_NAME} is on {DATE}. Code {CODE}. Reply STOP to opt out.';
const contacts = Array.from({ length: 1000 }, (_, i) => ({
  name: `Person ${i}`,
  firstName: `Person${i}`,
  lastName: 'Tester',
  phone: `+2519${String(10_000_000 + i)}`,
  email: null,
  attributes: i % 2 === 0 ? { City: 'Adama', plan: 'gold' } : {},
}));
const account = { name: 'Acme Clinic', timezone: 'Africa/Addis_Ababa' };

function rate(count: number, started: number): string {
  const seconds = (performance.now() - started) / 1000;
  return `${Math.round(count / seconds).toLocaleString('en-US')}/s (${seconds.toFixed(2)} s)`;
}

// Warm up the compile cache and the JIT.
compileTemplate(body, { html: false });
for (let i = 0; i < 10_000; i++) {
  renderTemplate(compileTemplate(body, { html: false }), { contact: contacts[i % 1000], account });
}

let characters = 0;
let started = performance.now();
for (let i = 0; i < RENDERS; i++) {
  // Looked up in the cache every time, as the send worker does per message.
  const compiled = compileTemplate(body, { html: false });
  const result = renderTemplate(compiled, { contact: contacts[i % 1000], account, variables: { code: i } });
  characters += result.body.length;
}
console.log(`render:              ${rate(RENDERS, started)} for ${RENDERS.toLocaleString('en-US')} renders`);

const samples = {
  'measureSms GSM-7:   ': renderTemplate(compileTemplate(body, { html: false }), {
    contact: contacts[0],
    account,
  }).body,
  'measureSms UCS-2:   ': 'ሰላም አበበ፣ ቀጠሮዎ ነገ ከጠዋቱ 3 ሰዓት ነው። ለማቆም STOP ይላኩ።',
};
for (const [label, text] of Object.entries(samples)) {
  started = performance.now();
  for (let i = 0; i < RENDERS; i++) characters += measureSms(text).segments;
  console.log(`${label} ${rate(RENDERS, started)}`);
}
// Printed so the loops cannot be optimized away.
console.log(`(checksum ${characters})`);
