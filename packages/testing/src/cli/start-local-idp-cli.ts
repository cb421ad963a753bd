import { constants } from 'node:fs';
import {
  lstat,
  mkdir,
  open,
  readFile,
  rename,
  rm,
  rmdir,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultAgents } from '../idp/default-directory.js';
import type { LocalIdp } from '../idp/local-idp.js';
import { generateRsaKeyPair } from '../idp/rsa-key-pair.js';
import type { SigningKeyRotation } from '../idp/signing-key-ring.js';
import { startLocalIdp } from '../idp/start-local-idp.js';
import { discoverWorkspacePlugins } from '../plugins/discover-workspace-plugins.js';
import { formatEnvFile, LOCAL_IDP_ENV_MARKER, localIdpEnv } from './local-idp-env.js';

/** The usage line of `dual-auth-idp`. */
export const LOCAL_IDP_USAGE =
  'usage: dual-auth-idp [--vendor keycloak] [--port 8443] [--env-file .env | --out .env] [--audience <api>] [--subject-token <user>…] [--subject-token-kind access|id] [--strict] [--rotation-overlap-seconds <n>] [--require-dpop-nonce] [--signing-key-file <path>]';

// Long enough for a session of manual doctor runs against one IdP run (its keys are per run).
const SUBJECT_TOKEN_LIFETIME_SECONDS = 3600;
// The agent of the env file (localIdpEnv): the audience of an access token, the client of an ID token.
const AGENT = 'finance-agent';

/** A standalone local IdP started by {@link startLocalIdpCli}. */
export interface RunningLocalIdpCli {
  /**
   * Rotates the signing key (what `SIGUSR2` does to the command): a fresh key signs every token
   * from now on, the one it replaces stays in the JWKS for `--rotation-overlap-seconds`
   * (OpenID Connect Core 1.0 §10.1.1), and a line saying both `kid`s and the overlap is printed.
   */
  rotateSigningKey(): Promise<SigningKeyRotation>;
  /** Closes the IdP and removes the env file and the certificate files it wrote. */
  stop(): Promise<void>;
}

/**
 * `dual-auth-idp`: starts the local IdP of `--vendor` on `127.0.0.1:--port` (fixed, so the
 * processes configured for it survive its restarts), writes `--env-file` (mode 0600: it holds the
 * agent's secret and the app's private key; see {@link localIdpEnv}), and beside it in
 * `.dual-auth-idp/` (made with mode 0700; one already there must be a real directory of this
 * user, not a symbolic link) the CA certificate and a loopback server certificate and key (mode
 * 0600) from that CA (for the servers of the examples), and prints how to trust that CA on Node,
 * Deno, Bun and workerd (wrangler). Every file is created anew (a file already at its path is removed first, and
 * none is written through a symbolic link), so its mode holds; stop removes what this run made. Arguments
 * are read by Node's `util.parseArgs`. `--out` names the env file too: Node scans a whole command
 * line for `--env-file`, so `npx dual-auth-idp --env-file x` fails inside npx itself (a Node
 * process) before this command runs.
 *
 * `--subject-token <user>` (repeatable; a test human's username: `alice`, `bob`) also writes that
 * human's own token, as if they had logged in, to `.dual-auth-idp/<user>.jwt` (mode 0600, valid
 * one hour, removed on stop): the subject token of the delegation modes, for
 * `dual-auth doctor --subject-token-file`. An access token for the agent `finance-agent` by default;
 * `--subject-token-kind id` an ID token issued to that agent (what `OAUTH_MODE=id-jag` exchanges).
 * Only its path is printed, never the token.
 *
 * `--strict` starts the vendor's strict mode (`vendorOptions: { strict: true }`; Auth0: only
 * `private_key_jwt`, like a real tenant; a vendor without it refuses the option): the agent
 * `finance-agent` is registered with a fresh RSA public key, its private key (PKCS#8 PEM) written to
 * `.dual-auth-idp/finance-agent-key.pem` (mode 0600, removed on stop), and the env file names it
 * (`AGENT_PRIVATE_KEY_FILE`, `AGENT_KEY_ID`: the adapter's `privateKey` and `kid` options).
 *
 * `--rotation-overlap-seconds <n>` (a whole number ≥ 0; default the vendor's access-token lifetime)
 * is how long a rotated-out signing key stays in the JWKS after
 * {@link RunningLocalIdpCli.rotateSigningKey} (the command does it on `SIGUSR2`);
 * `--require-dpop-nonce` makes DPoP proofs at the token endpoint carry an IdP nonce (RFC 9449 §8,
 * `requireDpopNonce` of {@link startLocalIdp}).
 *
 * `--signing-key-file <path>` keeps the signing key across restarts (`signingKeyPem` of
 * {@link startLocalIdp}), so an API that cached the JWKS keeps verifying tokens after one: the
 * RSA key (PKCS#8 PEM) is read from the file, or generated and written there (mode 0600, never
 * through a symbolic link) when there is none; a rotation writes the new key there too. The file
 * is kept on stop. A file others may read or write (group or other mode bits), a symbolic link,
 * not a regular file or another user's is refused with a message saying what to do.
 *
 * @param argv - the arguments after the command name
 * @param cwd - where relative paths start
 * @param print - receives each line of output
 * @returns `undefined` after printing the usage (`--help`)
 * @throws TypeError for an unknown or malformed argument (a `--rotation-overlap-seconds` that is
 *   not a whole number of seconds), an unknown vendor or test human, or an
 *   env file not written by `dual-auth-idp` (it is never overwritten), a `.dual-auth-idp` that
 *   is a symbolic link, a file or another user's, a `--signing-key-file` refused as above or not
 *   holding an RSA key
 * @throws Error when the port is taken, saying so and naming `--port`; another listen error as it is
 */
export async function startLocalIdpCli(
  argv: readonly string[],
  cwd: string,
  print: (line: string) => void,
): Promise<RunningLocalIdpCli | undefined> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      vendor: { type: 'string', default: 'keycloak' },
      port: { type: 'string', default: '8443' },
      'env-file': { type: 'string' },
      out: { type: 'string' },
      audience: { type: 'string' },
      'subject-token': { type: 'string', multiple: true, default: [] },
      'subject-token-kind': { type: 'string', default: 'access' },
      strict: { type: 'boolean', default: false },
      'rotation-overlap-seconds': { type: 'string' },
      'require-dpop-nonce': { type: 'boolean', default: false },
      'signing-key-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    print(LOCAL_IDP_USAGE);
    return undefined;
  }
  if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65_535) {
    throw new TypeError(`--port must be a port number (0–65535), got ${values.port}`);
  }
  const kind = values['subject-token-kind'];
  if (kind !== 'access' && kind !== 'id') {
    throw new TypeError(`--subject-token-kind must be access or id, got ${kind}`);
  }
  const overlap = values['rotation-overlap-seconds'];
  if (overlap !== undefined && !/^\d{1,9}$/.test(overlap)) {
    throw new TypeError(
      `--rotation-overlap-seconds must be a whole number of seconds (0 or more), got ${overlap}`,
    );
  }
  if (values['env-file'] !== undefined && values.out !== undefined) {
    throw new TypeError('give --env-file or --out, not both (they name the same file)');
  }
  const envFile = resolve(cwd, values['env-file'] ?? values.out ?? '.env');
  await refuseForeignEnvFile(envFile);
  const dir = join(dirname(envFile), '.dual-auth-idp');
  const files = {
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'localhost-cert.pem'),
    key: join(dir, 'localhost-key.pem'),
    agentKey: join(dir, `${AGENT}-key.pem`),
  };
  const users = [...new Set(values['subject-token'])];
  const tokenFiles = new Map<string, string>();
  // What this run made, so that stop removes it and nothing else.
  const created: string[] = [];
  let createdDir = false;

  const vendors = discoverWorkspacePlugins()
    .filter((plugin) => plugin.kind === 'adapter')
    .map((plugin) => plugin.name);
  // A real tenant's agent authenticates with its key (private_key_jwt), never a shared secret.
  const agentKey = values.strict ? await generateRsaKeyPair() : undefined;
  const keyFile =
    values['signing-key-file'] === undefined ? undefined : resolve(cwd, values['signing-key-file']);
  const signingKey = keyFile === undefined ? undefined : await readOrMakeSigningKey(keyFile);
  const idp = await startLocalIdp({
    vendor: values.vendor,
    ...(signingKey === undefined ? {} : { signingKeyPem: signingKey.pem }),
    port: Number(values.port),
    requireDpopNonce: values['require-dpop-nonce'],
    ...(values.audience === undefined ? {} : { audience: values.audience }),
    ...(agentKey === undefined
      ? {}
      : {
          vendorOptions: { strict: true },
          agents: defaultAgents().map((agent) =>
            agent.clientId === AGENT ? { ...agent, publicJwk: agentKey.publicJwk } : agent,
          ),
        }),
  }).catch((error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === 'EADDRINUSE') {
      throw new Error(
        `127.0.0.1:${values.port} is taken: another process listens there, maybe an earlier dual-auth-idp (its banner names its pid; Ctrl-C or kill it); or start this one with --port <another port>`,
        { cause: error },
      );
    }
    // A vendor without a profile fails its lookup (TypeError) or its import; listen errors stay.
    const lookup =
      error instanceof TypeError ||
      (error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND';
    if (lookup && vendors.length > 0 && !vendors.includes(values.vendor)) {
      throw new TypeError(
        `--vendor ${values.vendor} is not a local IdP vendor; known: ${vendors.join(', ')}`,
        { cause: error },
      );
    }
    throw error;
  });
  // Default: the vendor's access-token lifetime, so every token of the old key expires first.
  const overlapSeconds =
    overlap === undefined ? idp.profile.accessTokenTtlSeconds : Number(overlap);
  try {
    refuseUnknownHumans(idp, users);
    // A loopback certificate from the same CA, for the example servers beside the IdP.
    const { certPem, keyPem } = await idp.ca.issueServerCertificate();
    await mkdir(dirname(dir), { recursive: true });
    createdDir = await ownDirectory(dir);
    const write = async (file: string, text: string, mode: number): Promise<void> => {
      await writeNewFile(file, text, mode);
      created.push(file);
    };
    await write(files.ca, idp.caPem, 0o644);
    await write(files.cert, certPem, 0o644);
    await write(files.key, keyPem, 0o600);
    if (agentKey !== undefined) await write(files.agentKey, agentKey.privateKeyPem, 0o600);
    for (const user of users) {
      const file = join(dir, `${user}.jwt`);
      await write(file, `${await subjectToken(idp, user, kind)}\n`, 0o600);
      tokenFiles.set(user, file);
    }
    const header = `${idp.vendor} IdP at ${idp.issuer}; secrets are random per run, removed when it stops: never commit`;
    const keyEnv =
      agentKey === undefined
        ? {}
        : { AGENT_PRIVATE_KEY_FILE: files.agentKey, AGENT_KEY_ID: agentKey.publicJwk.kid };
    await write(envFile, formatEnvFile({ ...localIdpEnv(idp, files), ...keyEnv }, header), 0o600);
  } catch (error) {
    await idp.close();
    await removeCreated(created, createdDir ? dir : undefined);
    throw error;
  }

  for (const line of [
    `dual-auth-idp: local ${idp.vendor} IdP`,
    `  issuer          ${idp.issuer}`,
    `  token endpoint  ${idp.tokenUrl}`,
    `  JWKS            ${idp.jwksUrl}`,
    `  audience        ${idp.audience}`,
    `  env file        ${envFile} (agent finance-agent; secrets random per run)`,
    `  agents  ${[...idp.agents.values()].map((a) => `${a.clientId} (${a.roles.join(', ') || 'no role'})`).join(', ')}`,
    `  humans  ${[...idp.humans.values()].map((h) => `${h.username} (${h.roles.join(', ') || 'no role'})`).join(', ')}`,
    ...(agentKey === undefined
      ? []
      : [
          `  strict          ${AGENT} signs private_key_jwt with ${files.agentKey} (kid ${agentKey.publicJwk.kid}; AGENT_PRIVATE_KEY_FILE, AGENT_KEY_ID)`,
        ]),
    ...users.map(
      (user) =>
        `  ${user}'s ${kind} token (1 h)  ${tokenFiles.get(user)}  (dual-auth doctor --subject-token-file)`,
    ),
    ...(keyFile === undefined || signingKey === undefined
      ? []
      : [
          `  signing key     ${keyFile} (kid ${idp.signingKid}; ${signingKey.made ? 'made now' : 'read'}, kept across restarts: never commit)`,
        ]),
    `  pid             ${process.pid} (Ctrl-C, kill -HUP or -TERM stops it; so does its parent's exit)`,
    `  key rotation    kill -USR2 ${process.pid}: a new signing key; the old one stays in the JWKS ${overlapSeconds} s (--rotation-overlap-seconds)`,
    `  DPoP            token endpoint binds tokens to a DPoP proof's key (RFC 9449)${values['require-dpop-nonce'] ? '; nonce required' : ''}`,
    `Its certificate comes from a CA made for this run: ${files.ca}. Trust it, never turn TLS checks off.`,
    'Node reads NODE_EXTRA_CA_CERTS before --env-file, so set it in the shell:',
    `  Node  NODE_EXTRA_CA_CERTS=${files.ca} node --env-file=${envFile} app.js`,
    `  Deno  deno run --allow-net --allow-env --cert ${files.ca} --env-file=${envFile} app.ts   (or DENO_CERT=${files.ca})`,
    `  Bun   NODE_EXTRA_CA_CERTS=${files.ca} bun --env-file=${envFile} app.ts`,
    `  wrangler  NODE_EXTRA_CA_CERTS=${files.ca} wrangler dev   (workerd: a network service with tlsOptions.trustedCertificates as globalOutbound)`,
    'Ready. Ctrl-C stops it.',
  ]) {
    print(line);
  }

  let stopping: Promise<void> | undefined;
  return {
    async rotateSigningKey() {
      const next = keyFile === undefined ? undefined : (await generateRsaKeyPair()).privateKeyPem;
      const rotation = await idp.rotateSigningKey({
        overlapSeconds,
        ...(next === undefined ? {} : { signingKeyPem: next }),
      });
      // The next start signs with the key signing now, not with the one rotated out.
      if (keyFile !== undefined && next !== undefined) await replaceKeyFile(keyFile, next);
      print(
        `dual-auth-idp: signing key rotated: tokens are signed with kid ${rotation.kid}; kid ${rotation.previousKid} stays in the JWKS for ${overlapSeconds} s`,
      );
      return rotation;
    },
    stop() {
      stopping ??= (async () => {
        await idp.close();
        await removeCreated(created, createdDir ? dir : undefined);
      })();
      return stopping;
    },
  };
}

/**
 * The PEM in `file`, checked to be this user's regular file that no one else may read or write;
 * or, when there is none, a fresh key written there with mode 0600.
 *
 * @throws TypeError saying what to do with a file refused
 */
async function readOrMakeSigningKey(file: string): Promise<{ pem: string; made: boolean }> {
  // One open, then checks and the read on that handle: a path checked first and opened after
  // could be swapped for a link (to a key not meant for this IdP) in between. O_NOFOLLOW refuses a
  // link at open time; O_NONBLOCK keeps a FIFO planted there from blocking the open.
  const handle = await open(file, READ_NO_FOLLOW).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ELOOP') throw notOwnRegularFile(file);
    throw error;
  });
  if (handle === undefined) {
    const { privateKeyPem } = await generateRsaKeyPair();
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, privateKeyPem, { mode: 0o600, flag: CREATE_NEW });
    return { pem: privateKeyPem, made: true };
  }
  try {
    const stats = await handle.stat();
    const uid = process.getuid?.();
    if (!stats.isFile() || (uid !== undefined && stats.uid !== uid)) throw notOwnRegularFile(file);
    if ((stats.mode & 0o077) !== 0) {
      throw new TypeError(
        `--signing-key-file ${file} may be read or written by others (mode ${(stats.mode & 0o777).toString(8)}): it holds the IdP's private key; run chmod 600 ${file}`,
      );
    }
    return { pem: await handle.readFile('utf8'), made: false };
  } finally {
    await handle.close();
  }
}

function notOwnRegularFile(file: string): TypeError {
  return new TypeError(
    `--signing-key-file ${file} is not a regular file of this user (a symbolic link, a directory or another user's): give the path of your own key file, or of none to make one`,
  );
}

/** Writes `pem` to a new file beside `file` (mode 0600), then renames it over `file`. */
async function replaceKeyFile(file: string, pem: string): Promise<void> {
  const next = `${file}.${process.pid}.next`;
  await writeNewFile(next, pem, 0o600);
  await rename(next, file);
}

// Before anything is written: a username becomes a file name only when it is a test human's.
function refuseUnknownHumans(idp: LocalIdp, users: readonly string[]): void {
  const usernames = [...idp.humans.values()].map((human) => human.username);
  const unknown = users.find((user) => !usernames.includes(user));
  if (unknown !== undefined) {
    throw new TypeError(
      `--subject-token ${unknown} is no test human; known: ${usernames.join(', ')}`,
    );
  }
}

function subjectToken(idp: LocalIdp, user: string, kind: 'access' | 'id'): Promise<string> {
  return idp.issueSubjectToken({
    human: user,
    kind,
    expiresInSeconds: SUBJECT_TOKEN_LIFETIME_SECONDS,
    ...(kind === 'id' ? { clientId: AGENT } : {}),
  });
}

// A new file only (O_EXCL), never through a symlink (O_NOFOLLOW): `mode` applies only when the
// open creates the file, and a file or link planted at the path must not receive the secret.
const CREATE_NEW =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

// Reading a key file: never through a symlink, and never blocking on a FIFO planted at the path.
const READ_NO_FOLLOW =
  constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Writes `text` to a file this call creates with `mode`, after removing one already there. */
async function writeNewFile(file: string, text: string, mode: number): Promise<void> {
  // unlink removes a link itself, never its target; a file planted again after it fails EEXIST.
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await writeFile(file, text, { mode, flag: CREATE_NEW });
}

/**
 * Makes `dir` (mode 0700) or checks the one there is a real directory of this user, not a link
 * to somewhere else; `true` when this call made it.
 *
 * @throws TypeError when `dir` is a link, not a directory, or another user's
 */
async function ownDirectory(dir: string): Promise<boolean> {
  const made = await mkdir(dir, { mode: 0o700 }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return false;
      throw error;
    },
  );
  const stats = await lstat(dir);
  const uid = process.getuid?.();
  if (stats.isSymbolicLink() || !stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) {
    throw new TypeError(
      `${dir} is not a directory of this user (a symbolic link, a file or another user's): remove it so dual-auth-idp can make its own`,
    );
  }
  return made;
}

async function removeCreated(files: readonly string[], dir: string | undefined): Promise<void> {
  await Promise.all(files.map((file) => rm(file, { force: true })));
  if (dir !== undefined) await rmdir(dir).catch(() => undefined); // kept when something else is in it
}

async function refuseForeignEnvFile(envFile: string): Promise<void> {
  const link = await lstat(envFile).then(
    (stats) => stats.isSymbolicLink(),
    () => false,
  );
  if (link) {
    throw new TypeError(
      `${envFile} is a symbolic link: pass the path of a regular file as --env-file (it is written and removed on exit)`,
    );
  }
  let text: string;
  try {
    text = await readFile(envFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!text.startsWith(LOCAL_IDP_ENV_MARKER)) {
    throw new TypeError(
      `${envFile} exists and was not written by dual-auth-idp: pass another --env-file (it is overwritten and removed on exit)`,
    );
  }
}
