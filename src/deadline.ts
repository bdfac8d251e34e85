/**
 * Waits for `work` at most `ms`, then rejects with `timeout()`. The work itself is not cancelled: the
 * caller must be able to live with it finishing later (an idempotent add, a call whose outcome the
 * caller records as unknown).
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
