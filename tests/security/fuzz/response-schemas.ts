import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

// Checks an answer against what /openapi.json declares for its operation and status: the status is
// documented, the content type is one of the documented ones, and a JSON body matches its schema.

type MediaType = { schema?: unknown };
type Response = { content?: Record<string, MediaType> };
type Operation = { responses?: Record<string, Response> };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const DOCUMENT_ID = 'openapi.json';
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
// ajv-formats is CommonJS: its plugin is the module itself, typed as its `default`.
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (
  ajv: Ajv2020,
) => void;

/** JSON Pointer escaping of one path segment. */
const pointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Builds the checker of one document. It answers `null` when the answer is as documented, else one
 * line saying how it differs (the status is undocumented, the content type, or the schema errors).
 */
export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // The whole document is one schema resource, so every `#/components/...` reference resolves in it.
  ajv.addSchema(doc as object, DOCUMENT_ID);
  const validators = new Map<string, ValidateFunction>();

  function validatorFor(path: string, method: string, status: string, mediaType: string) {
    const ref = `${DOCUMENT_ID}#/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer(mediaType)}/schema`;
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      validators.set(ref, validate);
    }
    return validate;
  }

  return function check(
    method: string,
    path: string,
    status: number,
    contentType: string | null,
    text: string,
  ): string | null {
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) return 'the operation is not in the document';
    const responses = op.responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) return `status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`;
    const content = responses[key]!.content;
    if (!content || Object.keys(content).length === 0) {
      return text.length === 0 ? null : `status ${status} is documented without a body, but one came`;
    }
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!content[mediaType]) {
      return `content type "${mediaType}" is not documented for ${status} (documented: ${Object.keys(content).join(', ')})`;
    }
    if (!isJson(mediaType) || content[mediaType]!.schema === undefined) return null;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `the ${mediaType} body is not JSON`;
    }
    const validate = validatorFor(path, method.toLowerCase(), key, mediaType);
    if (validate(body)) return null;
    return ajv.errorsText(validate.errors?.slice(0, 5), { dataVar: 'body' });
  };
}
