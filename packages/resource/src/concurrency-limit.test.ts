import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from './concurrency-limit.js';

/** A task that runs until `finish()`, recording that it started. */
function heldTask(started: string[], name: string) {
  let finish: (value: string) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const task = () => {
    started.push(name);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { task, finish: () => finish(name), fail: (error: Error) => fail(error) };
}

const shed = () => new Error('shed');
const never = new AbortController().signal;

describe('concurrencyLimit', () => {
  it('runs at most maxActive at once, the waiting ones first come first served', async () => {
    const limit = concurrencyLimit(1, 5);
    const started: string[] = [];
    const a = heldTask(started, 'a');
    const b = heldTask(started, 'b');
    const c = heldTask(started, 'c');
    const results = [a, b, c].map(({ task }) => limit(task, never, shed));
    await Promise.resolve();
    expect(started).toEqual(['a']);
    a.finish();
    await expect(results[0]).resolves.toBe('a');
    await expect.poll(() => started).toEqual(['a', 'b']);
    b.finish();
    await results[1];
    await expect.poll(() => started).toEqual(['a', 'b', 'c']);
    c.finish();
    await expect(results[2]).resolves.toBe('c');
  });

  it('sheds a task at once, unrun, when maxQueued already wait', async () => {
    const limit = concurrencyLimit(1, 1);
    const started: string[] = [];
    const a = heldTask(started, 'a');
    const b = heldTask(started, 'b');
    const c = heldTask(started, 'c');
    const first = limit(a.task, never, shed);
    const second = limit(b.task, never, shed);
    await expect(limit(c.task, never, shed)).rejects.toThrow('shed');
    a.finish();
    await first;
    await expect.poll(() => started).toEqual(['a', 'b']);
    b.finish();
    await expect(second).resolves.toBe('b');
  });

  it('a waiting task whose signal aborts leaves the line unrun; a failed task frees its place', async () => {
    const limit = concurrencyLimit(1, 2);
    const started: string[] = [];
    const a = heldTask(started, 'a');
    const b = heldTask(started, 'b');
    const c = heldTask(started, 'c');
    const leaving = new AbortController();
    const first = limit(a.task, never, shed);
    const second = limit(b.task, leaving.signal, shed);
    const third = limit(c.task, never, shed);
    leaving.abort(new Error('gone'));
    await expect(second).rejects.toThrow('gone');
    a.fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await expect.poll(() => started).toEqual(['a', 'c']);
    c.finish();
    await expect(third).resolves.toBe('c');
  });
});
