import type { CompiledTemplate } from './compile-template.js';
import type { FallbackStrategy } from './render-template.js';
import { findValue, type RenderSources, resolveValues } from './template-values.js';

/**
 * The values of a template's variables in order of first use in its body (the template's
 * `variables`), for providers that fill a template approved on their side (WhatsApp sends them as
 * the body parameters {{1}}, {{2}}, ...). Each value is what the body shows in its place: the
 * resolved value, or for a variable without one the strategy's fallback (`use_default`: the default,
 * else ''; otherwise the placeholder `{NAME}`).
 */
export function templateParameters(
  compiled: CompiledTemplate,
  sources: RenderSources,
  strategy: FallbackStrategy = 'keep_placeholder',
  defaults: Record<string, unknown> = {},
): string[] {
  const values = resolveValues(compiled.variables, sources);
  return compiled.variables.map((name) => {
    const value = values[name];
    if (value !== undefined) return value;
    if (strategy === 'use_default') {
      const fallback = findValue(defaults, name);
      return fallback === undefined || fallback === null ? '' : String(fallback);
    }
    return `{${name}}`;
  });
}
