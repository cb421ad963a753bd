import { describe, expect, it } from 'vitest';
import { type DemoResult, demoVendors, runDemo } from './run-demo.js';

let defaultRun: Promise<{ result: DemoResult; output: string }> | undefined;

/**
 * One `pnpm demo` walk with the default options, shared by the tests that read it: a walk starts a
 * local IdP per vendor (about 3 s under load), and these tests only read what it printed.
 */
function runDefaultDemo(): Promise<{ result: DemoResult; output: string }> {
  defaultRun ??= (async () => {
    const lines: string[] = [];
    const result = await runDemo((line) => lines.push(line));
    return { result, output: lines.join('\n') };
  })();
  return defaultRun;
}

describe('pnpm demo', () => {
  it('walks every vendor and gets ALLOW only when the agent and the human are authorized', async () => {
    const {
      result: { rows, mismatches },
      output,
    } = await runDefaultDemo();

    expect(mismatches).toEqual([]);
    // Four rows per adapter package of the workspace: the reference's four first, then the others
    // (oauth), every one verified by the API through its own token profile, none skipped.
    const shown = [...new Set(rows.map((row) => row.vendor))];
    expect(shown.slice(0, 4)).toEqual(['keycloak', 'auth0', 'okta', 'entraid']);
    expect(shown).toEqual(demoVendors());
    expect(shown).toContain('oauth');
    expect(output).not.toContain('skipped');
    expect(rows).toHaveLength(4 * shown.length);
    for (const vendor of shown) {
      expect(output).toContain(`━━ ${vendor} ━━`);
      const decisions = rows.filter((row) => row.vendor === vendor).map((row) => row.actual);
      expect(decisions).toEqual(['ALLOW', 'DENY', 'DENY', 'DENY']);
    }
    expect(rows.filter((row) => row.actual === 'DENY').map((row) => row.failedSide)).toEqual(
      Array.from({ length: shown.length }, () => ['human', 'agent', 'both']).flat(),
    );
    expect(output.match(/in-session {3}agent=/g)).toHaveLength(shown.length);
    expect(output.match(/agent verified the act JWT/g)).toHaveLength(shown.length);
    // Every adapter package of the workspace appears, the fifth (oauth) included.
    expect(output).toContain('━━ oauth ━━');
  }, 60_000);

  it('runs the same matrix in each native delegation (RFC 8693 layout), for every vendor', async () => {
    const {
      result: { exchangeRows, mismatches },
      output,
    } = await runDefaultDemo();

    expect(mismatches).toEqual([]);
    const shown = [...new Set(exchangeRows.map((row) => row.vendor))];
    expect(shown).toEqual(demoVendors());
    expect(exchangeRows).toHaveLength(4 * shown.length);
    for (const vendor of shown) {
      const decisions = exchangeRows.filter((row) => row.vendor === vendor);
      expect(decisions.map((row) => row.actual)).toEqual(['ALLOW', 'DENY', 'DENY', 'DENY']);
      expect(decisions.map((row) => row.failedSide)).toEqual([undefined, 'human', 'agent', 'both']);
    }
    for (const how of ['keycloak', 'auth0', 'entraid', 'okta-xaa']) {
      expect(output).toContain(`OAUTH_PRESET=${how}, API layout rfc8693`);
    }
    expect(output).toContain('OAUTH_MODE=token-exchange, API layout rfc8693');
  }, 120_000);

  it('with two instances on one Redis: replays refused by every instance, tokens shared', async () => {
    const lines: string[] = [];
    const { mismatches } = await runDemo((line) => lines.push(line), { twoInstances: true });
    const output = lines.join('\n');

    expect(mismatches).toEqual([]);
    // Once per adapter package of the workspace.
    const vendors = demoVendors().length;
    expect(output.match(/same act JWT → agent 2: refused \(replayed\)/g)).toHaveLength(vendors);
    expect(output.match(/token from Redis \(IdP token requests: 0\)/g)).toHaveLength(vendors);
    expect(output).toContain('another token + that assertion → API 2: 401, → API 1: 401');
  }, 120_000);

  it('prints claims, never a token, a signature, a secret or an email', async () => {
    const { output } = await runDefaultDemo();

    // Compact JWTs (three base64url parts) never appear; only their decoded claims do.
    expect(output).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(output).not.toMatch(/@example\.com|@contoso\.example"?,?\s*"?email/);
    expect(output).not.toMatch(/client_secret|AGENT_CLIENT_SECRET|PRIVATE KEY/);
    expect(output).toContain('(signature elided)');
  }, 60_000);
});
