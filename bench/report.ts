import { mkdirSync, writeFileSync } from 'node:fs';

/**
 * How a bench program hands its figures over: it prints them for people, writes
 * bench/results/<bench>.json, and prints one `BENCH_FIGURES {json}` line that `bench/run.ts`
 * collects into its report.
 */
export type Figures = Record<string, number | string>;

export const FIGURES_PREFIX = 'BENCH_FIGURES ';

/** Prints a bench's figures as aligned lines, saves them as JSON, then prints the line the runner collects. */
export function printFigures(bench: string, figures: Figures): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  console.log(`\n${bench}`);
  for (const [key, value] of Object.entries(figures)) {
    const shown =
      typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : value;
    console.log(`  ${key.padEnd(width)}  ${shown}`);
  }
  const report = { bench, at: new Date().toISOString(), node: process.version, figures };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${bench}.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${FIGURES_PREFIX}${JSON.stringify({ bench, figures })}`);
}

/** Samples this process's resident set size every `intervalMs`; `stop` returns the peak in bytes. */
export function sampleRss(intervalMs = 100): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}
