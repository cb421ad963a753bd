// `dual-auth doctor` warns about a DUAL_AUTH_* variable that no package reads (a typo such as
// DUAL_AUTH_SECRETS_BACKNED). Those names are literals where they are read, so its list
// (packages/cli/src/doctor/dual-auth-variables.ts) is checked here against docs/wire-format.md and
// the sources: a name added to either and not to the list would be reported to operators as unknown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DUAL_AUTH_VARIABLES } from '../packages/cli/src/doctor/dual-auth-variables.ts';
import { packageSources, readVariables, root } from './operator-doc-claims.ts';

const dualAuth = (name: string) => name.startsWith('DUAL_AUTH_');
const LIST = 'packages/cli/src/doctor/dual-auth-variables.ts';
// @dual-auth/testing is the test kit: its own variables are no app's. The list's own literals are
// no reads.
const shipped = packageSources().filter(
  (source) => !source.path.startsWith('packages/testing/') && source.path !== LIST,
);
const read = [...readVariables(shipped).keys()].filter(dualAuth);

describe("doctor's list of DUAL_AUTH_* variables", () => {
  it('holds every DUAL_AUTH_* name docs/wire-format.md gives', () => {
    const text = readFileSync(join(root, 'docs/wire-format.md'), 'utf8');
    const documented = [...text.matchAll(/\bDUAL_AUTH_[A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0]);
    expect(documented.length).toBeGreaterThan(0);
    expect([...new Set(documented)].filter((name) => !DUAL_AUTH_VARIABLES.includes(name))).toEqual(
      [],
    );
  });

  it('holds every DUAL_AUTH_* variable the sources read, and no name they do not read', () => {
    expect(read.filter((name) => !DUAL_AUTH_VARIABLES.includes(name))).toEqual([]);
    expect(DUAL_AUTH_VARIABLES.filter((name) => !read.includes(name))).toEqual([]);
  });
});
