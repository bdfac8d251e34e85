/**
 * A sleep that a notification can cut short. A notification arriving while nobody waits is kept,
 * so the next wait returns at once: no wake-up is lost between two batches.
 */
export class Wakeup {
  private pending = false;
  private current: { release: () => void; onNotify: boolean; timer: NodeJS.Timeout } | undefined;

  /** Ends the current wait if it listens to notifications, else makes the next such wait return at once. */
  notify(): void {
    this.pending = true;
    if (this.current?.onNotify) this.finish();
  }

  /** Ends the current wait whatever it listens to (used to stop). */
  interrupt(): void {
    this.finish();
  }

  /**
   * Waits `ms`, or until notified when `onNotify` is true. Whatever ends it, the pending notification
   * is consumed: the batch that follows sees every row committed before it.
   */
  wait(ms: number, onNotify: boolean): Promise<void> {
    if (onNotify && this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((release) => {
      this.current = { release, onNotify, timer: setTimeout(() => this.finish(), ms) };
    });
  }

  private finish(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.pending = false;
    clearTimeout(current.timer);
    current.release();
  }
}
