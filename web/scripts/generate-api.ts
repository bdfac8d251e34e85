import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from './openapi-document.js';

/** The committed client types, generated from the API's OpenAPI document. */
export const GENERATED_TYPES = fileURLToPath(new URL('../src/api/schema.gen.ts', import.meta.url));

const HEADER = `/**
 * Generated from the API's OpenAPI document by \`npm run generate:api\` (web/scripts/generate-api.ts).
 * Do not edit: tests/web/api-types.test.ts fails when this file drifts from the API.
 */

`;

/** The TypeScript types of the current API, as openapi-typescript writes them. */
export async function generateApiTypes(): Promise<string> {
  const document = await buildOpenApiDocument();
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    alphabetize: true,
    exportType: true,
  });
  return HEADER + astToString(ast);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const next = await generateApiTypes();
  const current = await readFile(GENERATED_TYPES, 'utf8').catch(() => '');
  if (process.argv.includes('--check')) {
    if (current !== next) {
      console.error(`${GENERATED_TYPES} is out of date: run npm run generate:api`);
      process.exit(1);
    }
    console.log('API types are up to date');
  } else if (current !== next) {
    await writeFile(GENERATED_TYPES, next);
    console.log(`wrote ${GENERATED_TYPES}`);
  } else {
    console.log('API types unchanged');
  }
}
