import type { CompiledTemplate } from './compile-template.js';
import { findValue, type RenderSources, resolveValues } from './template-values.js';

export type FallbackStrategy = 'keep_placeholder' | 'use_default' | 'skip_contact';

/**
 * `missing_variables`: placeholders that were output with no value from any source (in order of
 * first use; names only tested by {{#if}} are never missing). `skip`: the recipient must not be
 * sent to (`skip_contact` with something missing).
 */
export type RenderResult = { body: string; missing_variables: string[]; skip: boolean };

/**
 * Renders a compiled template for one recipient. A placeholder with no value becomes, by
 * strategy: `keep_placeholder` — the placeholder exactly as written; `use_default` — the
 * template's default for that name (case-insensitive), else ''; `skip_contact` — kept as written,
 * and the result says skip. Conditions see only real values.
 */
export function renderTemplate(
  compiled: CompiledTemplate,
  sources: RenderSources,
  strategy: FallbackStrategy = 'keep_placeholder',
  defaults: Record<string, unknown> = {},
): RenderResult {
  const values = resolveValues(compiled.variables, sources);
  // A Set keeps first-use order; an array's `includes` made a body of many unknown names quadratic.
  const missing = new Set<string>();
  const body = compiled.run(values, (name, original) => {
    const value = values[name];
    if (value !== undefined) return value;
    missing.add(name);
    if (strategy === 'use_default') {
      const fallback = findValue(defaults, name);
      return fallback === undefined || fallback === null ? '' : String(fallback);
    }
    return original;
  });
  return { body, missing_variables: [...missing], skip: strategy === 'skip_contact' && missing.size > 0 };
}
