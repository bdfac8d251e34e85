import Handlebars from 'handlebars';
import { ValidationError } from '../errors.js';

/**
 * The template language, reduced to what a message needs:
 * - `{VARIABLE}` placeholders (single braces) in text;
 * - Handlebars output `{{VARIABLE}}` (or `{{{VARIABLE}}}`) over the same names;
 * - `{{#if VARIABLE}}...{{else}}...{{/if}}`, `{{#unless VARIABLE}}...{{/unless}}`, `{{else if ...}}`;
 * - `{{! comments }}`.
 * Names are letters, digits and `_` (not starting with a digit) and match case-insensitively, so
 * they are upper-cased here once. Anything else Handlebars can express (partials, `each`, `with`,
 * `lookup`, dotted or `../` paths, `@data`, sub-expressions, hash arguments, decorators) is refused
 * when the template is saved: a template never reaches an object's prototype and never fails at
 * send time.
 */
export type TemplateNode =
  | { kind: 'text'; text: string }
  /** `original` is the placeholder as written (`{first_name}`), kept by `keep_placeholder`. */
  | { kind: 'variable'; name: string; original: string }
  | { kind: 'condition'; name: string; negate: boolean; whenTrue: TemplateNode[]; whenFalse: TemplateNode[] };

export type ParsedTemplate = { nodes: TemplateNode[]; variables: string[] };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A single-brace placeholder that is not part of a literal `{{...}}` (escaped Handlebars text).
const PLACEHOLDER = /(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})/g;
const MAX_DEPTH = 20;

class TemplateProblem extends Error {}

type Ast = hbs.AST.Node & Record<string, unknown>;

/** Parses and checks a template body; a malformed or unsupported one is a 422 at `path`. */
export function parseTemplate(body: string, path = 'message_body'): ParsedTemplate {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(body);
  } catch (error) {
    throw invalid(path, describeParseError((error as Error).message));
  }
  const variables = new Set<string>();
  try {
    const nodes = convertProgram(program, body, lineStarts(body), variables, 0);
    return { nodes, variables: [...variables] };
  } catch (error) {
    if (error instanceof TemplateProblem) throw invalid(path, error.message);
    throw error;
  }
}

/** The upper-cased, de-duplicated variable names a body uses, in order of first use. */
export function extractVariables(body: string): string[] {
  return parseTemplate(body).variables;
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError('The template is not valid', [{ path, message }]);
}

const TOKENS: Record<string, string> = {
  EOF: 'end of template (a block is not closed)',
  INVALID: 'characters inside {{ }}',
  INVERSE: '{{else}}',
  CLOSE: '}}',
  OPEN_ENDBLOCK: 'closing {{/...}}',
};

/** Handlebars' parser lists every expected token; say where and what was unexpected instead. */
function describeParseError(message: string): string {
  const line = message.match(/^Parse error on line (\d+)/)?.[1];
  const got = message.match(/got '([^']+)'$/)?.[1];
  if (line && got) return `Parse error on line ${line}: unexpected ${TOKENS[got] ?? got}`;
  return message.split('\n')[0]!.slice(0, 300);
}

function convertProgram(
  program: hbs.AST.Program | undefined,
  source: string,
  lines: number[],
  variables: Set<string>,
  depth: number,
): TemplateNode[] {
  if (!program) return [];
  if (depth > MAX_DEPTH) throw new TemplateProblem(`blocks nest deeper than ${MAX_DEPTH} levels`);
  const nodes: TemplateNode[] = [];
  for (const statement of program.body as Ast[]) {
    switch (statement.type) {
      case 'ContentStatement':
        splitContent(String(statement.value), nodes, variables);
        break;
      case 'CommentStatement':
        break;
      case 'MustacheStatement': {
        const mustache = statement as unknown as hbs.AST.MustacheStatement;
        const name = variableName(mustache.path, 'output');
        if (mustache.params.length > 0 || mustache.hash) {
          throw new TemplateProblem(
            `'{{${(mustache.path as hbs.AST.PathExpression).original} ...}}': helpers are not supported`,
          );
        }
        variables.add(name);
        nodes.push({
          kind: 'variable',
          name,
          original: sliceSource(source, lines, mustache.loc) ?? `{{${name}}}`,
        });
        break;
      }
      case 'BlockStatement': {
        const block = statement as unknown as hbs.AST.BlockStatement;
        const helper = block.path.type === 'PathExpression' ? block.path.original : '';
        if (helper !== 'if' && helper !== 'unless') {
          throw new TemplateProblem(
            `'{{#${helper || '...'}}}' is not supported; use {{#if NAME}} or {{#unless NAME}}`,
          );
        }
        if (block.params.length !== 1 || block.hash) {
          throw new TemplateProblem(`'{{#${helper}}}' takes exactly one variable name`);
        }
        const name = variableName(block.params[0]!, helper);
        variables.add(name);
        nodes.push({
          kind: 'condition',
          name,
          negate: helper === 'unless',
          whenTrue: convertProgram(block.program, source, lines, variables, depth + 1),
          whenFalse: convertProgram(block.inverse, source, lines, variables, depth + 1),
        });
        break;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        throw new TemplateProblem('partials ({{> name}}) are not supported');
      default:
        throw new TemplateProblem(`'${statement.type}' is not supported`);
    }
  }
  return nodes;
}

/** A plain variable name from a path expression, upper-cased; anything else is refused. */
function variableName(expression: hbs.AST.Node, where: string): string {
  if (expression.type !== 'PathExpression') {
    throw new TemplateProblem(`${where}: expected a variable name, found a ${expression.type}`);
  }
  const path = expression as hbs.AST.PathExpression;
  if (path.data || path.depth > 0 || path.parts.length !== 1 || !NAME.test(path.original)) {
    throw new TemplateProblem(
      `'${path.original.slice(0, 50)}' is not a variable name (letters, digits and _; no dots, @ or ../)`,
    );
  }
  return path.original.toUpperCase();
}

function splitContent(text: string, nodes: TemplateNode[], variables: Set<string>): void {
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!.toUpperCase();
    if (match.index > last) pushText(nodes, text.slice(last, match.index));
    nodes.push({ kind: 'variable', name, original: match[0] });
    variables.add(name);
    last = match.index + match[0].length;
  }
  if (last < text.length) pushText(nodes, text.slice(last));
}

function pushText(nodes: TemplateNode[], text: string): void {
  const previous = nodes[nodes.length - 1];
  if (previous?.kind === 'text') previous.text += text;
  else nodes.push({ kind: 'text', text });
}

/** Offsets where each line starts, counting line breaks the way Handlebars' lexer does. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (const match of source.matchAll(/\r\n?|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

function sliceSource(source: string, lines: number[], loc: hbs.AST.SourceLocation | undefined) {
  if (!loc) return undefined;
  const start = lines[loc.start.line - 1];
  const end = lines[loc.end.line - 1];
  if (start === undefined || end === undefined) return undefined;
  return source.slice(start + loc.start.column, end + loc.end.column);
}
