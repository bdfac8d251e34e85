import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { GENERATED_TYPES, generateApiTypes } from '../../web/scripts/generate-api.js';

// The console's API client is typed from the OpenAPI document. When a route or schema changes and
// nobody regenerated the client, this fails in CI: run `npm run generate:api` and commit the result.
it('keeps the committed console API types identical to the ones generated from the current API', async () => {
  const committed = await readFile(GENERATED_TYPES, 'utf8');
  const fresh = await generateApiTypes();
  expect(fresh.length).toBeGreaterThan(10_000);
  if (committed !== fresh) {
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    expect.fail(
      `web/src/api/schema.gen.ts is out of date (first difference at line ${line + 1}: ${JSON.stringify(a[line])} vs ${JSON.stringify(b[line])}). Run npm run generate:api.`,
    );
  }
}, 60_000);
