// Enough commands in flight to fill a Redis round trip, few enough not to flood the connection.
const CHUNK = 50;

/** Maps items in chunks run concurrently, one chunk after another; results keep the items' order. */
export async function mapChunked<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    results.push(...(await Promise.all(items.slice(i, i + CHUNK).map(fn))));
  }
  return results;
}
