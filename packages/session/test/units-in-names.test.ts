import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
// A number member whose name says it is a span of time must say in what unit.
const DURATION =
  /time|ttl|delay|margin|leeway|cooldown|lifetime|tolerance|interval|duration|delegation/i;
const UNIT = /(Ms|Seconds)$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('duration options', () => {
  it('carry their unit in their name (…Ms, …Seconds) in every source file', () => {
    const unitless: string[] = [];
    for (const file of sources(SRC)) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(
        /^\s+(?:readonly\s+)?(\w+)\??: number/gm,
      )) {
        if (name !== undefined && DURATION.test(name) && !UNIT.test(name))
          unitless.push(`${file}: ${name}`);
      }
    }
    expect(unitless).toEqual([]);
  });
});
