/**
 * Sets `key` in `map` as its newest entry, first dropping the oldest one when `map` already holds
 * `maxEntries` others: a cache bounded in memory, oldest out first (a `Map` keeps insertion order).
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, maxEntries: number): void {
  map.delete(key);
  if (map.size >= maxEntries) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
