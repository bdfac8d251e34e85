import { useEffect, useRef, useState } from 'react';
import { cn } from '../lib/cn';

export type ChartSeries = {
  key: string;
  label: string;
  /** SVG fill class of its bars (`fill-success`). */
  fill: string;
  /** Background class of its legend swatch (`bg-success`). */
  swatch: string;
};
export type ChartBucket = {
  key: string;
  /** Under the axis (short: "6 Dec", "09:05"). */
  label: string;
  /** In the data table and tooltips (long: "Sun 6 Dec 2026"). */
  title: string;
  /** One value per series, in the order of `series`. */
  values: number[];
};

const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 28 };
const MIN_LABEL_GAP = 56;

/** 0 and up to four round steps covering `max` (1, 2 or 5 × a power of ten). */
export function valueTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += Math.max(1, step)) ticks.push(Math.round(v));
  return ticks;
}

/** The width of an element, following resizes (a first guess until it is measured). */
function useWidth<T extends HTMLElement>(initial = 640) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(200, Math.floor(entry.contentRect.width)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/**
 * A bar chart in SVG: stacked (parts of one whole, e.g. channels) or grouped (separate counts side
 * by side), with a value axis, bucket labels and a legend. Screen readers get its summary as the
 * image's name and every non-empty bucket in a visually hidden table.
 */
export function BarChart({
  title,
  summary,
  buckets,
  series,
  layout,
  testId,
}: {
  title: string;
  summary: string;
  buckets: ChartBucket[];
  series: ChartSeries[];
  layout: 'stacked' | 'grouped';
  testId?: string;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const totals = buckets.map((b) =>
    layout === 'stacked' ? b.values.reduce((a, v) => a + v, 0) : Math.max(0, ...b.values),
  );
  const ticks = valueTicks(Math.max(0, ...totals));
  const top = ticks.at(-1)!;
  const left = 10 + 7 * String(top.toLocaleString()).length;
  const plotW = Math.max(1, width - left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const band = plotW / Math.max(1, buckets.length);
  const every = Math.max(1, Math.ceil(MIN_LABEL_GAP / band));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  // Bars stay slim when there are few buckets (one minute of a short broadcast).
  const barW = Math.max(
    1,
    Math.min(band * (layout === 'stacked' ? 0.7 : 0.8), layout === 'stacked' ? 48 : 24 * series.length),
  );

  return (
    <figure className="flex min-w-0 flex-col gap-2" data-testid={testId}>
      <div ref={ref} className="w-full min-w-0 overflow-hidden">
        {/* Laid out for the measured width; scaled to the box until a resize is measured. */}
        <svg
          role="img"
          aria-label={`${title}. ${summary}`}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          preserveAspectRatio="none"
          height={HEIGHT}
          className="block w-full text-muted"
        >
          <title>{title}</title>
          <g>
            {ticks.map((t) => (
              <g key={t}>
                <line x1={left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="stroke-border" />
                <text
                  x={left - 6}
                  y={y(t)}
                  textAnchor="end"
                  dominantBaseline="middle"
                  className="fill-current text-[11px] tabular-nums"
                >
                  {t.toLocaleString()}
                </text>
              </g>
            ))}
            {buckets.map((b, i) => {
              const x0 = left + i * band + (band - barW) / 2;
              let stackedTop = 0;
              return (
                <g key={b.key}>
                  <title>{`${b.title}: ${series.map((s, j) => `${s.label} ${b.values[j] ?? 0}`).join(', ')}`}</title>
                  {series.map((s, j) => {
                    const v = b.values[j] ?? 0;
                    if (v <= 0) return null;
                    if (layout === 'stacked') {
                      const rect = (
                        <rect
                          key={s.key}
                          x={x0}
                          width={barW}
                          y={y(stackedTop + v)}
                          height={y(stackedTop) - y(stackedTop + v)}
                          className={s.fill}
                        />
                      );
                      stackedTop += v;
                      return rect;
                    }
                    const w = barW / series.length;
                    return (
                      <rect
                        key={s.key}
                        x={x0 + j * w}
                        width={Math.max(1, w - (w > 3 ? 1 : 0))}
                        y={y(v)}
                        height={y(0) - y(v)}
                        className={s.fill}
                      />
                    );
                  })}
                  {i % every === 0 && (
                    <text
                      x={left + i * band + band / 2}
                      y={HEIGHT - 8}
                      textAnchor="middle"
                      className="fill-current text-[11px]"
                    >
                      {b.label}
                    </text>
                  )}
                </g>
              );
            })}
            <line x1={left} x2={width - PAD.right} y1={y(0)} y2={y(0)} className="stroke-muted" />
          </g>
        </svg>
      </div>
      <figcaption className="text-xs">
        <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Legend">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <span aria-hidden className={cn('h-2.5 w-2.5 rounded-sm', s.swatch)} />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
      {/* A table ignores the width that hides it: the wrapper hides it. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {buckets
              .filter((b) => b.values.some((v) => v > 0))
              .map((b) => (
                <tr key={b.key}>
                  <th scope="row">{b.title}</th>
                  {b.values.map((v, j) => (
                    <td key={series[j]?.key ?? j}>{v}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
