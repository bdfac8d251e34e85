import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/templates/lru-cache.js';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its size', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // now b is the oldest
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('evicts by total weight and never holds an entry heavier than the budget', () => {
    const cache = new LruCache<string, string>(100, 10);
    cache.set('a', 'A', 6);
    cache.set('b', 'B', 4);
    cache.set('c', 'C', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'B', 'C']);
    cache.set('huge', 'H', 11);
    expect(cache.get('huge')).toBeUndefined();
    cache.set('b', 'B2', 1);
    expect(cache.get('b')).toBe('B2');
    expect(cache.size).toBe(2);
  });
});
