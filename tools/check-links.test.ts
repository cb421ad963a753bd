import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM tool without types
import { anchors, brokenLinks, slug } from './check-links.mjs';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('slugs headings as GitHub does, numbering repeats and skipping code blocks', () => {
  expect(slug('8. At the API: verify both subjects')).toBe('8-at-the-api-verify-both-subjects');
  expect(slug('DPoP-bound tokens (RFC 9449)')).toBe('dpop-bound-tokens-rfc-9449');
  expect([...anchors('# A\n\n## A\n\n```md\n# not a heading\n```\n')]).toEqual(['a', 'a-1']);
});

it('names a missing file and a missing anchor, and passes good links, code and URLs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-links-'));
  made.push(dir);
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs/b.md'), '## There\n');
  writeFileSync(
    join(dir, 'docs/a.md'),
    [
      '# Title',
      'See [b](b.md#there), [self](#title), [web](https://example.com/x.md),',
      '[gone](b.md#nowhere), [none](missing.md), [lost](#untitled).',
      '`[code](missing.md)`',
      '```',
      '[in a block](missing.md)',
      '```',
      '[ref]: ../docs/missing.md',
    ].join('\n'),
  );
  expect(brokenLinks(join(dir, 'docs/a.md'), dir)).toEqual([
    'docs/a.md:3: b.md#nowhere: no heading with that anchor',
    'docs/a.md:3: missing.md: no such file',
    'docs/a.md:3: #untitled: no heading with that anchor',
    'docs/a.md:8: ../docs/missing.md: no such file',
  ]);
});

it('names a repository path in code that does not exist, and a name its file does not hold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-links-'));
  made.push(dir);
  mkdirSync(join(dir, 'docs'));
  mkdirSync(join(dir, 'tools'));
  writeFileSync(join(dir, 'tools/kit.ts'), 'export function realName() {}\n');
  const page = [
    '`realName` in `tools/kit.ts` and `tools/kit.ts` exist;',
    '`goneName` in `tools/kit.ts` does not, nor `tools/gone.ts`.',
    '```',
    '`tools/in-a-block.ts`',
    '```',
  ].join('\n');
  writeFileSync(join(dir, 'docs/a.md'), page);
  expect(brokenLinks(join(dir, 'docs/a.md'), dir)).toEqual([
    'docs/a.md:2: tools/gone.ts: no such file in the repository',
    'docs/a.md:2: tools/kit.ts: does not hold goneName',
  ]);
  // A page recording past sessions names files as they were: its code spans are not checked.
  writeFileSync(join(dir, 'docs/performance.md'), page);
  expect(brokenLinks(join(dir, 'docs/performance.md'), dir)).toEqual([]);
});

it('passes a path git ignores: a file a command writes (examples/.env), not one in the repository', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-links-'));
  made.push(dir);
  execFileSync('git', ['init', '--quiet'], { cwd: dir });
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, '.gitignore'), '.env\n');
  writeFileSync(join(dir, 'docs/a.md'), 'It writes `examples/.env`, not `examples/.envrc`.\n');
  expect(brokenLinks(join(dir, 'docs/a.md'), dir)).toEqual([
    'docs/a.md:1: examples/.envrc: no such file in the repository',
  ]);
});
