import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';

/** The Redis hash where each API process reports its recent request latency to the send workers. */
export const pressureKey = (prefix: string) => `${prefix}:priority:api-latency`;

/** A report older than this no longer counts (its process stopped or is stuck). */
export const REPORT_FRESH_MS = 2_000;
/** Fewer requests than this in a window say nothing about the API's latency. */
export const MIN_SAMPLES = 3;

export type PressureReport = { p95Ms: number; samples: number; at: number };

export function encodeReport(r: PressureReport): string {
  return `${r.p95Ms.toFixed(1)}|${r.samples}|${r.at}`;
}

export function decodeReport(value: string): PressureReport | null {
  const [p95, samples, at] = value.split('|').map(Number);
  if (![p95, samples, at].every((n) => Number.isFinite(n))) return null;
  return { p95Ms: p95!, samples: samples!, at: at! };
}

export function percentile95(samples: number[]): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/**
 * Measures the API's own request latency and reports the 95th percentile of each window to Redis,
 * where every send worker's bulk governor reads it: when API requests slow down, broadcasts give
 * way (see bulk-governor.ts). Recording is a push onto an array; the report is one HSET a window.
 */
export class ApiPressureMeter {
  private samples: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly id = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly windowMs = 250,
  ) {}

  /** One finished request's time, in milliseconds. */
  record(ms: number): void {
    // A flood between two reports is still one window: keep the array bounded.
    if (this.samples.length < 10_000) this.samples.push(ms);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.report(), this.windowMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.redis.hdel(pressureKey(this.prefix), this.id).catch(() => {});
  }

  /** Reports the window just ended (an idle window reports no pressure). */
  async report(now = Date.now()): Promise<void> {
    const window = this.samples;
    this.samples = [];
    const value = encodeReport({ p95Ms: percentile95(window), samples: window.length, at: now });
    try {
      await this.redis
        .multi()
        .hset(pressureKey(this.prefix), this.id, value)
        .pexpire(pressureKey(this.prefix), 60_000)
        .exec();
    } catch (error) {
      this.logger.debug({ err: (error as Error).message }, 'API latency report not written');
    }
  }
}
