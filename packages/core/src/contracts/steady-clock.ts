/**
 * A clock's readings made never to go back: a clock stepped back (NTP setting right a clock that
 * ran ahead, a resumed VM) reads, from then on, its reading plus the steps back seen, so what was
 * measured against an earlier reading (a deadline, a claim's expiry) is never moved later by the
 * step. It cannot tell a step back from a jump ahead set right: after one it runs ahead by the
 * jump, for good. No allocation per reading: client's `ClockTimer` reads one on every API call.
 *
 * @example
 * const steady = new SteadyClock();
 * steady.read(clock.now()); // ms; never less than the reading before
 * steady.offset > 0; // the clock went back at least once
 */
export class SteadyClock {
  /** The latest steady reading, in ms. */
  #last = Number.NEGATIVE_INFINITY;
  #offset = 0;

  /** What {@link SteadyClock.read} adds to the clock, in ms: the steps back made up for (0 until one). */
  get offset(): number {
    return this.#offset;
  }

  /** `now` (ms, a reading of the clock) plus {@link SteadyClock.offset}: never less than before. */
  read(now: number): number {
    const steady = now + this.#offset;
    if (steady < this.#last) this.#offset += this.#last - steady;
    else this.#last = steady;
    return this.#last;
  }

  /** Counts the time up to `time` (ms, steady) as passed; returns the latest steady reading. */
  skipTo(time: number): number {
    if (time > this.#last) {
      this.#offset += time - this.#last;
      this.#last = time;
    }
    return this.#last;
  }
}
