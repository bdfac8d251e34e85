import Handlebars from 'handlebars';
import { LruCache } from './lru-cache.js';
import { parseTemplate, type TemplateNode } from './parse-template.js';

/** What a placeholder renders when its variable has a value, or its fallback when it has none. */
export type PlaceholderHook = (name: string, original: string) => string;

/** A template checked and compiled once, ready to render many times. */
export type CompiledTemplate = {
  /** Upper-cased variable names the body uses, in order of first use. */
  readonly variables: readonly string[];
  readonly html: boolean;
  /**
   * Renders with `values` (upper-cased names, undefined when missing; conditions read these) and
   * `placeholder`, called for every placeholder actually output.
   */
  readonly run: (values: Record<string, string | undefined>, placeholder: PlaceholderHook) => string;
};

export type CompileOptions = { html: boolean };

const CACHE_ENTRIES = 1000;
// Weighted by body length, so a few hundred large HTML emails cannot hold hundreds of megabytes.
const CACHE_CHARACTERS = 8_000_000;
// One cache per mode, keyed by the body itself: a body read once from the database is the same
// string object for every recipient, so V8 hashes it once.
const caches = {
  html: new LruCache<string, CompiledTemplate>(CACHE_ENTRIES, CACHE_CHARACTERS),
  text: new LruCache<string, CompiledTemplate>(CACHE_ENTRIES, CACHE_CHARACTERS),
};
// A broadcast renders one body millions of times in a row: skip even the LRU bookkeeping then.
let last: { body: string; compiled: CompiledTemplate } | undefined;

/**
 * Checks and compiles a body once; later calls with the same body and mode come from a bounded
 * LRU cache. A malformed or unsupported body throws a ValidationError at `message_body`.
 *
 * Handlebars parses the body (its syntax, whitespace control and error positions); the checked
 * tree is then evaluated here. Values are escaped with Handlebars' own `escapeExpression` in HTML
 * mode and output as they are otherwise (Handlebars' `noEscape`). There are no helpers besides
 * if/unless, no partials and no property paths, so nothing reaches a prototype; and Handlebars'
 * runtime, which copies its helper table on every call, is not in the per-recipient path.
 */
export function compileTemplate(body: string, options: CompileOptions): CompiledTemplate {
  if (last && last.body === body && last.compiled.html === options.html) return last.compiled;
  const cache = options.html ? caches.html : caches.text;
  let compiled = cache.get(body);
  if (!compiled) {
    const { nodes, variables } = parseTemplate(body);
    const html = options.html;
    compiled = { variables, html, run: (values, placeholder) => evaluate(nodes, values, placeholder, html) };
    cache.set(body, compiled, body.length);
  }
  last = { body, compiled };
  return compiled;
}

function evaluate(
  nodes: readonly TemplateNode[],
  values: Record<string, string | undefined>,
  placeholder: PlaceholderHook,
  html: boolean,
): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      out += node.text;
    } else if (node.kind === 'variable') {
      const value = placeholder(node.name, node.original);
      // Contact data is untrusted: in HTML every value is escaped, even one written {{{NAME}}}.
      out += html ? Handlebars.Utils.escapeExpression(value) : value;
    } else {
      const value = values[node.name];
      const truthy = value !== undefined && value !== '';
      out += evaluate(truthy !== node.negate ? node.whenTrue : node.whenFalse, values, placeholder, html);
    }
  }
  return out;
}
