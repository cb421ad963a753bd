import { access, realpath, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  ConfigurationError,
  DualAuthError,
  type DualAuthPlugin,
  type EnvRecord,
  envVariable,
  getSecretsBackendType,
  requireArray,
  requireValue,
  type SecretsBackendModule,
  type SecretsBackendPlugin,
  SPECIFICATION_VERSION,
  SubjectTokenRequiredError,
  systemClock,
} from '@dual-auth/core';
import { Command, CommanderError, Option } from 'commander';
import type { CliIo } from './cli-io.js';
import { cliLogger } from './cli-logger.js';
import { cliVersion } from './cli-version.js';
import { decimalIntegerOption } from './decimal-integer-option.js';
import { decodeJwtArgument, decodeJwtParts } from './decode-jwt-parts.js';
import type { DoctorReport } from './doctor/doctor-report.js';
import { formatDoctorReport } from './doctor/format-doctor-report.js';
import {
  boundedImport,
  DEFAULT_PLUGIN_TIMEOUT_MS,
  pluginTimeoutOf,
} from './doctor/plugin-deadline.js';
import { readApiAppKeys } from './doctor/read-api-app-keys.js';
import { LEGACY_SUBJECT_TOKEN, runDoctor } from './doctor/run-doctor.js';
import { escapeInvisible, printableJson } from './escape-invisible.js';
import { importFromCwd } from './import-from-cwd.js';
import {
  generateSigningKey,
  KEY_ALGORITHMS,
  type KeyAlgorithm,
} from './keys/generate-signing-key.js';
import { jwksFromPem } from './keys/jwks-from-pem.js';
import { readCliInput } from './read-cli-input.js';
import { vendorNotSetError } from './vendor-not-set-error.js';

/**
 * Exit codes: 0 all good, 1 a doctor check failed, 2 bad usage, input or configuration, 3 the
 * doctor could not reach the IdP or it answered that it is unavailable (HTTP 429 or 5xx but
 * 501), and no other check failed: retry later.
 */
export const EXIT = Object.freeze({ ok: 0, checkFailed: 1, usage: 2, unavailable: 3 });

interface DoctorFlags {
  human?: string;
  subjectTokenFile?: string;
  subjectTokenKind: 'access' | 'id';
  scope?: string[];
  audience?: string;
  role?: string;
  maxLifetimeSeconds?: number;
  appPublicKeyFile?: string;
  appJwksUri?: string;
  timeoutMs?: number;
  pluginTimeoutMs?: number;
  plugin?: string[];
  json?: boolean;
}

// setTimeout's longest delay; below 100 ms is seconds written as milliseconds (core's timeoutMs).
const timeoutMs = decimalIntegerOption('--timeout-ms', {
  min: 100,
  max: 2_147_483_647,
  unit: 'milliseconds',
  example: 10_000,
  belowMin: 'for 30 s write 30000',
});
const pluginTimeoutMs = decimalIntegerOption('--plugin-timeout-ms', {
  min: 100,
  max: 2_147_483_647,
  unit: 'milliseconds',
  example: 30_000,
  belowMin: 'for 30 s write 30000',
});
// A token that lives longer than a year is no limit worth checking.
const maxLifetimeSeconds = decimalIntegerOption('--max-lifetime-seconds', {
  min: 1,
  max: 31_536_000,
  unit: 'seconds',
  example: 3600,
});

/**
 * Runs the `dual-auth` command: `doctor`, `keys generate`, `jwks`, `decode`. Returns the exit code
 * ({@link EXIT}) instead of exiting, and writes only to `io`. A usage error is text on
 * `io.stderr`; with `doctor --json`, also `{ ok: false, exitCode: 2, error }` on `io.stdout`.
 *
 * Env: `getConfig`'s variables, `DUAL_AUTH_DOCTOR_HUMAN`, `DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE`,
 * and the app public key the API holds (Entra ID): `APP_PUBLIC_KEY` (PEM) or `APP_PUBLIC_KEY_PATH`.
 *
 * @throws TypeError (as a rejection) when `argv` is not an array of strings or `io` not a
 *   {@link CliIo} with `stdout` and `stderr` writers.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), nodeCliIo());
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  requireArray(argv, 'argv');
  const given = requireValue(io, 'io', 'object') as Partial<CliIo>;
  if (typeof given.stdout?.write !== 'function' || typeof given.stderr?.write !== 'function') {
    throw new TypeError(
      'io must be a CliIo (nodeCliIo() or your own) with stdout and stderr writers',
    );
  }
  let code: number = EXIT.ok;
  const program = new Command('dual-auth')
    .description('Checks a live IdP for dual-subject tokens, makes signing keys, decodes JWTs.')
    .version(await cliVersion(), '-V, --version', 'prints the version of @dual-auth/cli')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // Commander quotes the argument it refuses: escaped, as it may hold terminal controls.
      writeErr: (text) => io.stderr.write(text.split('\n').map(escapeInvisible).join('\n')),
    });

  program
    .command('doctor')
    .description(
      'Requests a token for a test human with the configuration getConfig reads, and checks it one by one.',
    )
    .option('--human <sub>', 'the test human’s IAM id (default $DUAL_AUTH_DOCTOR_HUMAN)')
    .option(
      '--subject-token-file <path>',
      'the human’s own token, for the delegation modes, or - to read standard input (default $DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE)',
    )
    .addOption(
      new Option('--subject-token-kind <kind>', 'what the subject token is')
        .choices(['access', 'id'])
        .default('access'),
    )
    .option('--scope <scope...>', 'scopes to request, that the token must carry')
    .option('--audience <aud>', 'the "aud" the API expects')
    .option('--role <role>', 'the role the API expects the agent to hold')
    .option(
      '--max-lifetime-seconds <n>',
      'the longest token lifetime the API accepts, in seconds: 1 to 31536000 (default 86400)',
      maxLifetimeSeconds,
    )
    .option(
      '--app-public-key-file <path>',
      'Entra ID: the app public key the API verifies act assertions with, PEM or JWKS, or - to read standard input (default $APP_PUBLIC_KEY, $APP_PUBLIC_KEY_PATH)',
    )
    .addOption(
      new Option(
        '--app-jwks-uri <url>',
        'Entra ID: the HTTPS JWKS URL the API gets the app public key from',
      ).conflicts('appPublicKeyFile'),
    )
    .option(
      '--timeout-ms <ms>',
      'how long the token endpoint has to answer, in milliseconds: 100 to 2147483647 (default 10000)',
      timeoutMs,
    )
    .option('--plugin <module...>', 'adapter or secrets plugin packages or files to load')
    .option(
      '--plugin-timeout-ms <ms>',
      'how long each plugin module has to load, and an adapter past --timeout-ms to answer, in milliseconds: 100 to 2147483647 (default 10000)',
      pluginTimeoutMs,
    )
    .option('--json', 'print the report as JSON')
    .action(async (flags: DoctorFlags) => {
      code = await doctor(flags, io);
    });

  const keys = program.command('keys').description('Signing keys.');
  keys
    .command('generate')
    .description('Makes a key pair: PKCS#8 PEM private key (mode 0600) and its JWKS.')
    .addOption(
      new Option('--alg <alg>', 'the algorithm').choices([...KEY_ALGORITHMS]).default('ES256'),
    )
    .option('--out <file>', 'where to write the private key (a new file, mode 0600)')
    .option('--jwks-out <file>', 'where to write the JWKS (default: standard output)')
    .option('--stdout', 'print the private key on standard output instead of writing a file')
    .action(
      async (flags: { alg: KeyAlgorithm; out?: string; jwksOut?: string; stdout?: boolean }) => {
        code = await generateKeys(flags, io);
      },
    );

  program
    .command('jwks')
    .description('Prints the JWKS (public key only) of a PEM key file.')
    .argument('<pem-file>', 'a PKCS#8, PKCS#1 or SPKI PEM file, or - to read standard input')
    .action(async (file: string) => {
      const jwks = await jwksFromPem(await readCliInput(io, file, 'the PEM key file'));
      io.stdout.write(`${JSON.stringify(jwks, null, 2)}\n`);
    });

  program
    .command('decode')
    .description(
      'Prints the header and claims of a JWT; the signature is elided, nothing is verified.',
    )
    .argument('<jwt>', 'the JWT, or - to read it from standard input')
    .action(async (jwt: string) => {
      const decoded = jwt === '-' ? decodeJwtParts(await io.readStdin()) : decodeJwtArgument(jwt);
      io.stdout.write(`${printableJson(decoded)}\n`);
    });

  try {
    await program.parseAsync(['node', 'dual-auth', ...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return EXIT.ok;
    // Commander has written its own message on standard error already.
    const message = error instanceof CommanderError ? error.message : messageOf(error);
    if (!(error instanceof CommanderError)) {
      io.stderr.write(`dual-auth: ${escapeInvisible(message)}\n`);
    }
    // `doctor --json` keeps standard output one JSON document, a usage error's too.
    if (asksForJson(argv)) {
      io.stdout.write(`${printableJson({ ok: false, exitCode: EXIT.usage, error: message })}\n`);
    }
    return EXIT.usage;
  }
}

/** `doctor … --json`, the flag before any `--` (after it, `--json` is an argument). */
function asksForJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return argv[0] === 'doctor' && argv.slice(0, end === -1 ? undefined : end).includes('--json');
}

const EMAIL_LIKE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

async function doctor(flags: DoctorFlags, io: CliIo): Promise<number> {
  const logger = cliLogger(io);
  const human = flags.human ?? envVariable(io.env, 'DUAL_AUTH_DOCTOR_HUMAN');
  if (human === undefined || human === '') {
    throw new TypeError('doctor needs the test human: --human <sub> or DUAL_AUTH_DOCTOR_HUMAN');
  }
  // Never echoed: an email is personal data. Entra ID's UPN looks like one and is its user id.
  if (EMAIL_LIKE.test(human)) {
    io.stderr.write(
      "dual-auth doctor: warning: --human looks like an email address; act.sub is the IdP's user id (the ID token's sub: a Keycloak UUID, auth0|…, 00u…; Entra ID: the UPN or oid), never the email (docs/guide.md)\n",
    );
  }
  const subjectTokenFile =
    flags.subjectTokenFile ?? envVariable(io.env, 'DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE');
  if (
    subjectTokenFile === '-' &&
    (flags.appPublicKeyFile ?? envVariable(io.env, 'APP_PUBLIC_KEY_PATH')) === '-'
  ) {
    throw new TypeError(
      'only one file can be read from standard input: give --subject-token-file or --app-public-key-file (APP_PUBLIC_KEY_PATH) a file',
    );
  }
  const importModule = importFromCwd(io.cwd);
  const bounded = boundedImport(
    importModule,
    flags.pluginTimeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS,
    io.clock ?? systemClock,
  );
  const plugins = [
    ...(io.plugins ?? []),
    ...(await loadPlugins(flags.plugin ?? [], bounded, io.env)),
  ];
  const progress = io.stderr.isTTY === true && flags.json !== true;
  const report = await runDoctor({
    human,
    subjectToken: subjectTokenFile
      ? (await readCliInput(io, subjectTokenFile, '--subject-token-file')).trim()
      : undefined,
    subjectTokenKind: flags.subjectTokenKind,
    scopes: flags.scope?.flatMap((scope) => scope.split(' ').filter(Boolean)),
    audience: flags.audience,
    role: flags.role,
    maxLifetimeSeconds: flags.maxLifetimeSeconds,
    apiAppKeys: await readApiAppKeys(flags, io),
    timeoutMs: flags.timeoutMs,
    pluginTimeoutMs: flags.pluginTimeoutMs,
    env: io.env,
    plugins,
    importModule,
    fetch: io.fetch,
    clock: io.clock,
    logger,
    onProgress: progress
      ? (step, state) =>
          io.stderr.write(
            state === 'start'
              ? `… ${step}`
              : `\r\x1b[2K${state === 'done' ? '✓' : '✗'} ${step}: ${state}\n`,
          )
      : undefined,
  }).catch((error: unknown) => {
    throw vendorNotSetError(missingPluginError(subjectTokenFileError(pluginTimeoutOf(error))));
  });
  io.stdout.write(flags.json ? `${printableJson(report)}\n` : formatDoctorReport(report));
  return exitCodeOf(report);
}

/** 3 when every failed check failed as unavailable (retry later), else 1; 0 when none failed. */
function exitCodeOf(report: DoctorReport): number {
  const failed = report.checks.filter((check) => check.status === 'fail');
  if (failed.length === 0) return EXIT.ok;
  return failed.every((check) => check.unavailable) ? EXIT.unavailable : EXIT.checkFailed;
}

// The adapter checks the subject token against the human before any request, in the terms of
// its API (subjectToken, act); the operator can change only these two options.
function subjectTokenFileError(error: unknown): unknown {
  // The adapter asks the code for `subjectToken`; the operator gives it as a file.
  if (SubjectTokenRequiredError.isInstance(error)) {
    // Given, but one the IdP would plainly refuse (refuseUnusableSubjectToken of core's adapter
    // kit): why, in the file's terms; the clock hint kept for a token past its exp.
    const refused = /^subjectToken (is .+?); get a fresh /.exec(error.message)?.[1];
    if (refused !== undefined) {
      const clock = error.message.endsWith('(NTP)') ? ", or check this host's clock (NTP)" : '';
      return new TypeError(
        `the token of --subject-token-file ${refused}: put a fresh token of the human's sign-in in the file${clock}`,
      );
    }
    const mode = /^OAUTH_MODE ([\w-]+) /.exec(error.message)?.[1];
    return new TypeError(
      `${mode === undefined ? 'this mode' : `OAUTH_MODE ${mode}`} exchanges the human's own token: give it as a file, --subject-token-file <path> (or DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE), or piped into --subject-token-file -${mode === 'id-jag' ? ', with --subject-token-kind id (an ID token)' : ''}; never on the command line`,
    );
  }
  // The adapter asks the code for UserSession.idToken; the operator labels the file's token.
  if (error instanceof TypeError && error.message.startsWith('OAUTH_MODE id-jag exchanges')) {
    return new TypeError(
      "OAUTH_MODE id-jag exchanges the human's ID token (from the login, issued to the agent's client), not an access token: put it in --subject-token-file and add --subject-token-kind id",
    );
  }
  if (error instanceof TypeError && error.message.includes('(typ at+jwt)')) {
    return new TypeError(
      'the token of --subject-token-file is an access token (typ at+jwt), not an ID token: drop --subject-token-kind id, or put the ID token from the login in the file',
    );
  }
  if (error instanceof TypeError && error.message.startsWith(LEGACY_SUBJECT_TOKEN)) {
    return new TypeError(
      error.message.replace(
        'options.subjectToken',
        '--subject-token-file (DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE)',
      ),
    );
  }
  if (!(error instanceof TypeError) || !error.message.startsWith('subjectToken ')) return error;
  return new TypeError(
    `the token of --subject-token-file (DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE) does not fit --human: give --human the user id of the user that token was issued to, or put the --human user's own token in the file (--subject-token-kind id for an ID token). The adapter says: ${error.message}`,
  );
}

// Core's advice for a package it cannot load is for code (`plugins` of createAdapter/getConfig);
// the CLI loads adapter and secrets packages from the project it runs in, or takes --plugin.
function missingPluginError(error: unknown): unknown {
  if (!ConfigurationError.isInstance(error) || error.packageName === undefined) return error;
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const missing =
    cause?.code === 'ERR_MODULE_NOT_FOUND' &&
    typeof cause.message === 'string' &&
    cause.message.includes(`'${error.packageName}'`);
  if (!missing) return error;
  const head = error.message.split(/: npm install | A third-party adapter/)[0] ?? error.message;
  return new ConfigurationError({
    message: `${head}${/[.?]$/.test(head) ? '' : '.'} The CLI loads ${error.packageName} from the project in the current directory, which does not have it: npm install --save-dev ${error.packageName} in that project, or give --plugin <package or file>`,
    ...(error.variable === undefined ? {} : { variable: error.variable }),
    packageName: error.packageName,
    cause: error.cause,
  });
}

/**
 * The plugins of each `--plugin` module: its adapter and secrets backend plugin objects, or, for a
 * module that exports only `createSecretsBackend` (core's `SecretsBackendModule`: what
 * `@dual-auth/secrets-vault`, `-aws`, `-azure` and `-gcp` export), the store that
 * `DUAL_AUTH_SECRETS_BACKEND` names, built by it.
 *
 * @throws TypeError for a module that holds none of these, or a store module while
 *   `DUAL_AUTH_SECRETS_BACKEND` names no store to use it for; the store's `createSecretsBackend`
 *   throws a ConfigurationError when the module builds a store of another `backendName` than that type.
 */
async function loadPlugins(
  specifiers: readonly string[],
  importModule: (specifier: string) => Promise<unknown>,
  env: EnvRecord,
): Promise<DualAuthPlugin[]> {
  const plugins: DualAuthPlugin[] = [];
  for (const specifier of specifiers) {
    const module = (await importModule(specifier)) as Record<string, unknown>;
    const found = Object.values(module).filter((value) => {
      const kind = (value as { kind?: unknown } | null)?.kind;
      return kind === 'adapter' || kind === 'secrets-backend';
    }) as DualAuthPlugin[];
    if (found.length === 0 && typeof module.createSecretsBackend === 'function') {
      found.push(storeOfModule(specifier, module as unknown as SecretsBackendModule, env));
    }
    if (found.length === 0) {
      throw new TypeError(
        `--plugin ${specifier} exports no dual-auth plugin (an adapter or secrets backend plugin, or createSecretsBackend): give the package or file of @dual-auth/adapter-<vendor> or @dual-auth/secrets-<type>`,
      );
    }
    plugins.push(...found);
  }
  return plugins;
}

function storeOfModule(
  specifier: string,
  module: SecretsBackendModule,
  env: EnvRecord,
): SecretsBackendPlugin<Record<string, unknown>> {
  const type = getSecretsBackendType({ env });
  if (type === 'env') {
    throw new TypeError(
      `--plugin ${specifier} is a secrets backend (it exports createSecretsBackend), and DUAL_AUTH_SECRETS_BACKEND names none: set DUAL_AUTH_SECRETS_BACKEND to its type (vault, aws, …), or leave --plugin ${specifier} out`,
    );
  }
  return {
    kind: 'secrets-backend',
    specificationVersion: SPECIFICATION_VERSION,
    type,
    // Called on the module, as core calls a package it loads by name; the store it builds must be
    // the one the app loads (`@dual-auth/secrets-<type>`), else the doctor checks another store.
    createSecretsBackend: (options) => {
      const backend = module.createSecretsBackend(options);
      if (backend.backendName !== type) {
        throw new ConfigurationError({
          message: `--plugin ${specifier} builds the ${backend.backendName} secrets backend, and DUAL_AUTH_SECRETS_BACKEND names ${type}: give --plugin the package of that store (@dual-auth/secrets-${type}), or set DUAL_AUTH_SECRETS_BACKEND to the module's`,
          variable: 'DUAL_AUTH_SECRETS_BACKEND',
        });
      }
      return backend;
    },
  };
}

async function generateKeys(
  flags: { alg: KeyAlgorithm; out?: string; jwksOut?: string; stdout?: boolean },
  io: CliIo,
): Promise<number> {
  if (flags.out === undefined && flags.stdout !== true) {
    throw new TypeError('keys generate needs --out <file> (or --stdout to print the private key)');
  }
  const files = [
    { flag: '--out', file: flags.out },
    { flag: '--jwks-out', file: flags.jwksOut },
  ];
  // Both checked before either is written: no private key is left without its JWKS.
  if (
    flags.out !== undefined &&
    flags.jwksOut !== undefined &&
    (await canonicalPath(io, flags.out)) === (await canonicalPath(io, flags.jwksOut))
  ) {
    throw new TypeError(
      `--out and --jwks-out are the same file (${flags.out}): give the JWKS another file, or leave out --jwks-out to print it`,
    );
  }
  for (const { flag, file } of files) {
    if (file !== undefined && (await exists(resolve(io.cwd, file)))) throw fileExists(file, flag);
  }
  const key = await generateSigningKey(flags.alg);
  const jwks = `${JSON.stringify(key.jwks, null, 2)}\n`;
  if (flags.out !== undefined) {
    // wx: never overwrite a key, even one made since the check; 0600 before any byte is written.
    await writeNewFile(io, flags.out, '--out', key.privateKeyPem, 0o600);
    io.stderr.write(`wrote the private key to ${flags.out} (mode 0600), kid ${key.kid}\n`);
  } else {
    io.stdout.write(key.privateKeyPem);
  }
  if (flags.jwksOut !== undefined) {
    await writeNewFile(io, flags.jwksOut, '--jwks-out', jwks);
    io.stderr.write(`wrote the JWKS to ${flags.jwksOut}\n`);
  } else {
    io.stdout.write(jwks);
  }
  return EXIT.ok;
}

function fileExists(file: string, flag: string): TypeError {
  return new TypeError(
    `${file} already exists, and keys generate never overwrites a file: choose another ${flag} or remove it`,
  );
}

/** `file` from `io.cwd`, its folder's symbolic links resolved (the file itself is new). */
async function canonicalPath(io: CliIo, file: string): Promise<string> {
  const path = resolve(io.cwd, file);
  return realpath(dirname(path)).then(
    (folder) => join(folder, basename(path)),
    () => path,
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function writeNewFile(
  io: CliIo,
  file: string,
  flag: string,
  text: string,
  mode?: number,
): Promise<void> {
  try {
    await writeFile(resolve(io.cwd, file), text, {
      ...(mode === undefined ? {} : { mode }),
      flag: 'wx',
    });
  } catch (error) {
    throw (error as { code?: unknown }).code === 'EEXIST' ? fileExists(file, flag) : error;
  }
}

function messageOf(error: unknown): string {
  if (DualAuthError.isInstance(error) || error instanceof TypeError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `${code} (${(error as Error).message})` : String(error);
}
