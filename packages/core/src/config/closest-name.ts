/**
 * The candidate nearest to `name` when it is a near miss (at most `maxDistance` letters added,
 * dropped or changed, default two: `keycloack` → `keycloak`), for a "did you mean" in an error
 * message; else `undefined`.
 *
 * @example
 * closestName('DUAL_AUTH_SECRETS_BACKNED', ['DUAL_AUTH_SECRETS_BACKEND', 'DUAL_AUTH_VENDOR']); // 'DUAL_AUTH_SECRETS_BACKEND'
 */
export function closestName(
  name: string,
  candidates: readonly string[],
  maxDistance = 2,
): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// Levenshtein distance, one row at a time.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
