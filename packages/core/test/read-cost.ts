/** 1 MiB in UTF-16 code units: the size of the hostile texts a redaction rule's cost test reads. */
export const MIB = 1024 * 1024;

/**
 * What a rule may take to read 1 MiB, in milliseconds: far above what a linear rule takes (a few
 * milliseconds; a hundred beside a CPU hog) and far below what a rule that reads the text again
 * from each start takes (minutes at 1 MiB), so that the bound tells one from the other and no load
 * makes it fail.
 */
export const LINEAR_BOUND_MS = 5_000;

/** `unit` repeated to 1 MiB (the last copy cut), then `tail`. */
export function mebibyteOf(unit: string, tail = ''): string {
  return unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB) + tail;
}

/** Milliseconds `read(text)` took, by `performance.now()`. */
export function millisecondsToRead(read: (text: string) => unknown, text: string): number {
  const start = performance.now();
  read(text);
  return performance.now() - start;
}
