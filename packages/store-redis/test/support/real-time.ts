/**
 * Waits until real time (`Date.now()`, the clock a local Redis's `TIME` reads) is past
 * `time.ms + ms`, then sets `time.ms` to it: the time passes for Redis too. A test clock moved
 * ahead alone reads as a clock running fast, and `RedisTokenCache` takes that lead off the issue
 * times it stores. A wait, not a measure: the test asserts nothing on how long it took.
 */
export async function passRealTime(time: { ms: number }, ms: number): Promise<void> {
  const until = time.ms + ms;
  while (Date.now() <= until) {
    await new Promise((resolve) => setTimeout(resolve, until + 1 - Date.now()));
  }
  time.ms = Date.now();
}
