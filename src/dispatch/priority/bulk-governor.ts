import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../observability/logger.js';
import { decodeReport, MIN_SAMPLES, percentile95, pressureKey, REPORT_FRESH_MS } from './api-pressure.js';

export type GovernorOptions = {
  /** The API's request p95 above which broadcasts give way. */
  apiP95TargetMs: number;
  /** A single message waiting longer than this for a send worker is congestion too. */
  singleWaitTargetMs: number;
  /** This process's event-loop delay p99 above which it is congested itself. */
  loopDelayTargetMs: number;
  /** The bulk rate never goes below this (messages/s per process): a broadcast always advances. */
  minRate: number;
  /** Nor below this share of the rate the lane sent at when it first had to give way. */
  minShare: number;
  /** How often the governor looks at the signals. */
  tickMs: number;
};

export const GOVERNOR_DEFAULTS: GovernorOptions = {
  apiP95TargetMs: 25,
  singleWaitTargetMs: 250,
  loopDelayTargetMs: 100,
  minRate: 100,
  minShare: 0.6,
  tickMs: 200,
};

/** Ticks (5 s) a fresh broadcast sends at full speed before it can be limited: its fan-out has filled its window by then. */
const WARM_TICKS = 25;

export type Congestion = { api: boolean; singles: boolean; loop: boolean };

/**
 * Transactional work comes first, by design: the bulk lane (broadcast batches) sends at a rate this
 * governor sets, additive increase / multiplicative decrease like TCP's congestion control, on three
 * signals: the API's request p95 (every API process reports it, see api-pressure.ts), how long
 * single messages waited for this process's single lane, and this process's event-loop delay.
 * While none is over its target the rate grows until it no longer binds (unlimited); on congestion
 * it halves, from what the lane actually sent, never below `minRate` nor below `minShare` of the
 * rate it sent at before it first gave way: a broadcast gives up at most that much of its pace, on a
 * machine too small for both loads as on a large one. The single lane is never governed: it is what
 * the bulk lane makes room for.
 */
export class BulkGovernor {
  /** Messages per second the bulk lane may start; null while unlimited. */
  private rate: number | null = null;
  private tokens = 0;
  private refilledAt = Date.now();
  private admittedInWindow = 0;
  private windowStartedAt = Date.now();
  private lastDecreaseAt = 0;
  /** Messages/s the lane was admitted, smoothed. */
  private sentRate = 0;
  /** What the lane sends unlimited: the highest smoothed rate of its last stretch at full speed. */
  private capacity = 0;
  /** Consecutive unlimited ticks the lane sent in; a fresh broadcast first shows its pace (5 s). */
  private warmTicks = 0;
  private idleTicks = 0;
  private calmTicks = 0;
  private singleWaits: number[] = [];
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout | undefined;
  private lastCongestion: Congestion = { api: false, singles: false, loop: false };

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly options: GovernorOptions = GOVERNOR_DEFAULTS,
  ) {}

  start(): void {
    this.loop.enable();
    this.timer ??= setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.loop.disable();
  }

  /** `turumba_bulk_rate_limit`: the bulk lane's governed rate, 0 while unlimited (one per registry). */
  registerMetrics(registry: Registry): void {
    if (registry.getSingleMetric('turumba_bulk_rate_limit')) return;
    const governor = this;
    new Gauge({
      name: 'turumba_bulk_rate_limit',
      help: 'Messages/s the bulk lane may start while transactional work is slowed down (0 = unlimited)',
      registers: [registry],
      collect() {
        this.set(governor.rate ?? 0);
      },
    });
  }

  /** The current bulk rate (messages/s), null while unlimited. */
  get currentRate(): number | null {
    return this.rate;
  }

  get congestion(): Congestion {
    return this.lastCongestion;
  }

  /** A single message's wait between its job's creation and a single-lane worker taking it. */
  noteSingleWait(ms: number): void {
    if (this.singleWaits.length < 10_000) this.singleWaits.push(Math.max(0, ms));
  }

  /**
   * Waits until the bulk lane may start `count` messages. Unlimited: returns at once. A waiting
   * batch holds its BullMQ job (the lock is renewed meanwhile); batches are served in turn.
   */
  async admit(count: number): Promise<void> {
    for (;;) {
      if (this.rate === null) {
        this.admittedInWindow += count;
        return;
      }
      this.refill();
      // A batch larger than a fifth of a second's worth still goes, alone, once the bucket is full.
      const need = Math.min(count, Math.max(1, this.rate / 5));
      if (this.tokens >= need) {
        this.tokens -= count;
        this.admittedInWindow += count;
        return;
      }
      await sleep(Math.min(1_000, Math.ceil(((need - this.tokens) / this.rate) * 1000)));
    }
  }

  private refill(): void {
    const now = Date.now();
    const rate = this.rate ?? 0;
    this.tokens = Math.min(Math.max(1, rate / 5), this.tokens + ((now - this.refilledAt) / 1000) * rate);
    this.refilledAt = now;
  }

  /** Reads the signals and moves the rate. Exposed so a test can drive the governor tick by tick. */
  async tick(now = Date.now()): Promise<void> {
    const congestion = await this.readSignals(now);
    this.lastCongestion = congestion;
    const admitted = this.admittedInWindow;
    const instant = (admitted * 1000) / Math.max(1, now - this.windowStartedAt);
    this.admittedInWindow = 0;
    this.windowStartedAt = now;
    // Batches are admitted 100 at a time: smooth over about a second of ticks.
    this.sentRate = this.sentRate * 0.7 + instant * 0.3;
    this.idleTicks = admitted > 0 ? 0 : this.idleTicks + 1;
    if (this.rate === null) this.learnCapacity(admitted > 0);
    const floor = Math.max(this.options.minRate, this.capacity * this.options.minShare);

    if (congestion.api || congestion.singles || congestion.loop) {
      this.calmTicks = 0;
      // A broadcast that has not shown its pace yet is not limited yet: the floor comes from it.
      if (this.rate === null && this.warmTicks < WARM_TICKS) return;
      // Once per half second at most: the previous decrease needs time to show in the signals.
      if (now - this.lastDecreaseAt < 500) return;
      this.lastDecreaseAt = now;
      if (this.rate === null) this.refilledAt = Date.now(); // the bucket runs on the real clock
      // From what the lane really sends when the limit does not bind (or there is none yet).
      const from =
        this.rate === null ? this.sentRate : Math.min(this.rate, Math.max(this.sentRate * 1.5, floor));
      this.rate = Math.max(floor, from * 0.5);
      this.tokens = Math.min(this.tokens, this.rate / 5);
      this.logger.debug(
        { rate: Math.round(this.rate), congestion },
        'bulk lane gives way to transactional work',
      );
      return;
    }
    if (this.rate === null) return;
    this.calmTicks += 1;
    this.refill();
    this.rate = this.rate * 1.1 + 20;
    // The limit no longer binds (the lane sends well under it) and all has been calm for two seconds.
    if (this.rate > Math.max(this.sentRate, floor) * 3 && this.calmTicks * this.options.tickMs >= 2_000) {
      this.rate = null;
      this.warmTicks = WARM_TICKS; // its pace is known
      this.logger.debug('bulk lane back to full speed');
    }
  }

  private learnCapacity(sending: boolean): void {
    if (sending) {
      this.warmTicks += 1;
      // Follows the pace up at once and down slowly (a minute's half-life at 200 ms ticks).
      this.capacity = Math.max(this.capacity * 0.998, this.sentRate);
    } else if (this.idleTicks * this.options.tickMs >= 5_000) {
      // Idle for a while: the next broadcast shows its own pace first.
      this.warmTicks = 0;
    }
  }

  private async readSignals(now: number): Promise<Congestion> {
    const waits = this.singleWaits;
    this.singleWaits = [];
    const singles = waits.length > 0 && percentile95(waits) > this.options.singleWaitTargetMs;
    const loop = this.loop.count > 0 && this.loop.percentile(99) / 1e6 > this.options.loopDelayTargetMs;
    this.loop.reset();
    let api = false;
    try {
      const reports = await this.redis.hgetall(pressureKey(this.prefix));
      const stale: string[] = [];
      for (const [process, value] of Object.entries(reports)) {
        const report = decodeReport(value);
        if (!report || now - report.at > 60_000) stale.push(process);
        if (!report || now - report.at > REPORT_FRESH_MS || report.samples < MIN_SAMPLES) continue;
        if (report.p95Ms > this.options.apiP95TargetMs) api = true;
      }
      if (stale.length > 0) await this.redis.hdel(pressureKey(this.prefix), ...stale);
    } catch (error) {
      // Without the API's reports the other two signals still govern.
      this.logger.debug({ err: (error as Error).message }, 'API latency reports not read');
    }
    return { api, singles, loop };
  }
}
