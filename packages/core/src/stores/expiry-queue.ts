/** Something that expires, filed in an {@link ExpiryQueue}. */
export interface Expiring {
  /** Ms since the epoch. */
  readonly expiresAt: number;
}

interface Bucket<T> {
  items: T[];
  /** Index of the first item not yet taken: items leave in the order they came. */
  head: number;
}

const BUCKET_MS = 1000;

/**
 * Items ordered by expiry to the second: `push` files one, `shift` takes one of the
 * soonest-expiring second. Items are grouped by the second they expire in and only those seconds
 * sit in a binary heap, so both are O(1) amortised while the live expiries span a bounded number
 * of seconds (an act JWT lives at most minutes), and O(log seconds) in general.
 *
 * The queue does not know whether its owner still holds an item: the owner skips stale ones.
 */
export class ExpiryQueue<T extends Expiring> {
  readonly #buckets = new Map<number, Bucket<T>>();
  // Min-heap of the keys of #buckets.
  readonly #seconds: number[] = [];

  push(item: T): void {
    const second = Math.ceil(item.expiresAt / BUCKET_MS);
    const bucket = this.#buckets.get(second);
    if (bucket !== undefined) {
      bucket.items.push(item);
      return;
    }
    this.#buckets.set(second, { items: [item], head: 0 });
    heapPush(this.#seconds, second);
  }

  /** Takes an item of the soonest-expiring second, or `undefined` when empty. */
  shift(): T | undefined {
    const second = this.#seconds[0];
    if (second === undefined) return undefined;
    const bucket = this.#buckets.get(second) as Bucket<T>;
    const item = bucket.items[bucket.head] as T;
    bucket.head += 1;
    if (bucket.head === bucket.items.length) this.#dropFirstBucket(second);
    return item;
  }

  /** Takes every item of every second that ended at or before `now` (all of them expired). */
  *takeExpired(now: number): Generator<T> {
    for (let second = this.#seconds[0]; second !== undefined; second = this.#seconds[0]) {
      if (second * BUCKET_MS > now) return;
      const bucket = this.#buckets.get(second) as Bucket<T>;
      this.#dropFirstBucket(second);
      for (let i = bucket.head; i < bucket.items.length; i += 1) yield bucket.items[i] as T;
    }
  }

  /** Drops every item of every second that ended at or before `now`. */
  dropExpired(now: number): void {
    for (let second = this.#seconds[0]; second !== undefined; second = this.#seconds[0]) {
      if (second * BUCKET_MS > now) return;
      this.#dropFirstBucket(second);
    }
  }

  #dropFirstBucket(second: number): void {
    this.#buckets.delete(second);
    heapPop(this.#seconds);
  }
}

function heapPush(heap: number[], value: number): void {
  let i = heap.push(value) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) <= value) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child =
      right < heap.length && (heap[right] as number) < (heap[left] as number) ? right : left;
    if ((heap[child] as number) >= last) break;
    heap[i] = heap[child] as number;
    i = child;
  }
  heap[i] = last;
}
