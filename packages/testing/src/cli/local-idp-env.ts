import type { LocalIdp } from '../idp/local-idp.js';

/** The first line of an env file written by `dual-auth-idp`: only such a file is overwritten. */
export const LOCAL_IDP_ENV_MARKER = '# written by dual-auth-idp';

/**
 * The variables a standalone local IdP hands to the processes that use it: the vendor's own (the
 * reference library's names, for `finance-agent`), `NODE_EXTRA_CA_CERTS`, a loopback server
 * certificate from the same CA (`TLS_CERT_FILE`, `TLS_KEY_FILE`: PEM files), what an API verifies
 * against (`IDP_ISSUER`, `IDP_JWKS_URL`, `IDP_AUDIENCE`), the app key pair that signs act JWTs
 * and Entra ID act assertions (`APP_PRIVATE_KEY`, `APP_PUBLIC_KEY`, PEM), what the API's agent
 * rule checks (`API_AGENT_ROLE` or `API_AGENT_SCOPE`), and the test humans (`HUMAN_<NAME>_SUB`,
 * `_EMAIL`, `_OID`; `FINANCE_USERS` lists the ids of those holding FinanceUser).
 */
export function localIdpEnv(
  idp: LocalIdp,
  files: { readonly ca: string; readonly cert: string; readonly key: string },
): Record<string, string> {
  const humans: Record<string, string> = {};
  const financeUsers: string[] = [];
  for (const human of idp.humans.values()) {
    const name = human.username.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    humans[`HUMAN_${name}_SUB`] = human.sub;
    if (human.email !== undefined) humans[`HUMAN_${name}_EMAIL`] = human.email;
    if (human.oid !== undefined) humans[`HUMAN_${name}_OID`] = human.oid;
    if (idp.isHumanAuthorized(human.sub)) {
      financeUsers.push(human.sub, ...(human.oid === undefined ? [] : [human.oid]));
    }
  }
  const grant = idp.profile.agentGrant;
  return {
    NODE_EXTRA_CA_CERTS: files.ca,
    TLS_CERT_FILE: files.cert,
    TLS_KEY_FILE: files.key,
    ...idp.env('finance-agent'),
    IDP_ISSUER: idp.issuer,
    IDP_JWKS_URL: idp.jwksUrl,
    IDP_AUDIENCE: idp.audience,
    APP_PRIVATE_KEY: idp.app.privateKeyPem,
    APP_PUBLIC_KEY: idp.app.publicKeyPem,
    [grant.kind === 'role' ? 'API_AGENT_ROLE' : 'API_AGENT_SCOPE']: grant.name,
    ...humans,
    FINANCE_USERS: financeUsers.join(','),
  };
}

// What a POSIX shell reads as itself outside quotes; Node's parser keeps such a value as is too.
const SHELL_PLAIN = /^[A-Za-z0-9_./:,@%+=-]*$/;
// Inside double quotes a shell still expands these; Node's parser does not.
const SHELL_DOUBLE_QUOTE_SPECIAL = /[$`\\]/;

/**
 * An env file `node --env-file`, dotenv, Deno and Bun read alike, and a POSIX shell sources to the
 * same values (`set -a; . ./.env; set +a`, before `npx dual-auth doctor`): `NAME=value` lines, a
 * value with a newline (a PEM) in double quotes across lines, one with a character the shell would
 * read (`|` of an Auth0 user id, a space in a path) in single quotes, or in double quotes when it
 * holds a single quote.
 *
 * @throws TypeError when a value holds a double quote, or a single quote or a line break and one
 *   of `$`, `` ` ``, `\`, or a name is not `[A-Z_][A-Z0-9_]*`.
 */
export function formatEnvFile(vars: Readonly<Record<string, string>>, header: string): string {
  const lines = [LOCAL_IDP_ENV_MARKER, `# ${header}`];
  for (const [name, value] of Object.entries(vars)) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new TypeError(`formatEnvFile: bad name ${name}`);
    if (value.includes('"')) throw new TypeError(`formatEnvFile: ${name} holds a double quote`);
    lines.push(`${name}=${quoted(name, value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function quoted(name: string, value: string): string {
  const multiline = value.includes('\n');
  if (!multiline && SHELL_PLAIN.test(value)) return value;
  if (!multiline && !value.includes("'")) return `'${value}'`;
  // Node reads a line break only inside double quotes (a PEM); a shell expands $ ` \ there.
  if (SHELL_DOUBLE_QUOTE_SPECIAL.test(value)) {
    throw new TypeError(
      multiline
        ? `formatEnvFile: ${name} holds a line break and one of $ \` \\, which no quoting reads alike in Node and a shell`
        : `formatEnvFile: ${name} holds a single quote and one of $ \` \\, which no quoting reads alike in Node and a shell`,
    );
  }
  return `"${multiline ? value.trimEnd() : value}"`;
}
