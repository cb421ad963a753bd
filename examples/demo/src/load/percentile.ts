/** The value below which `p` (0–1) of `sorted` (ascending) lies; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** Resident set size of this process in MiB, one decimal. */
export function rssMiB(): string {
  return (process.memoryUsage().rss / 2 ** 20).toFixed(1);
}
