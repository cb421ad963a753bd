// The Python reference's act-JWT verification (PyJWT decode + jti set + act check, in
// pyjwt-reference.py) in one persistent child process, for act-jwt.bench.ts: the child is spawned
// once, loads the key once, is handed the tokens once, then each round is one request "verify N
// tokens" answered with the time the child spent verifying them.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

const DRIVER = new URL('./pyjwt-reference.py', import.meta.url).pathname;

// The PATH `python3` may be a pyenv shim without PyJWT, while Debian's python3-jwt sits under
// /usr/bin: the first interpreter that imports both jwt and cryptography is used.
const CANDIDATES = ['python3', '/usr/bin/python3', 'python'];

/** A running Python reference. */
export interface PythonReference {
  /** `PyJWT 2.6.0, cryptography 38.0.4` */
  readonly versions: string;
  /** Verifies `count` tokens in the child; resolves the seconds it spent, by its own clock. */
  verify(count: number): Promise<number>;
  close(): void;
}

/** Why the reference could not be measured, for the bench row. */
export interface NotMeasured {
  readonly notMeasured: string;
}

function findPython(): string | undefined {
  return CANDIDATES.find(
    (python) =>
      spawnSync(python, ['-c', 'import jwt, cryptography'], { stdio: 'ignore' }).status === 0,
  );
}

/** Starts the reference with the issuer's SPKI PEM public key and the tokens it will verify. */
export async function startPythonReference(setup: {
  publicKeyPem: string;
  audience: string;
  tokens: readonly string[];
}): Promise<PythonReference | NotMeasured> {
  const python = findPython();
  if (python === undefined) {
    return {
      notMeasured: `no Python with PyJWT and cryptography (tried ${CANDIDATES.join(', ')})`,
    };
  }
  const child = spawn(python, [DRIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (request: object): Promise<Record<string, unknown>> => {
    child.stdin.write(`${JSON.stringify(request)}\n`);
    const { value, done } = await replies.next();
    if (done) throw new Error(`${python} ${DRIVER} exited (code ${child.exitCode})`);
    const reply = JSON.parse(value) as Record<string, unknown>;
    if (typeof reply.error === 'string') throw new Error(`Python reference: ${reply.error}`);
    return reply;
  };
  const ready = await ask(setup);
  return {
    versions: `PyJWT ${ready.pyjwt}, cryptography ${ready.cryptography}`,
    async verify(count) {
      return (await ask({ count })).seconds as number;
    },
    close() {
      child.stdin.end();
    },
  };
}
