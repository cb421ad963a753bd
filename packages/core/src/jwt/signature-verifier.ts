import { JWS_ALGORITHM_SPECS, type JwsAlgorithm } from './jws-algorithms.js';
import { utf8Bytes } from './node-buffer.js';
import { nodeBuiltin } from './node-builtin.js';

/**
 * Checks a JWS signature over the signing input (`<header>.<payload>` as sent, RFC 7515 §5.2)
 * with a key that already fits the algorithm. Resolves (or returns) false for a signature that
 * does not verify; never throws for a bad signature.
 */
export interface SignatureVerifier {
  readonly name: string;
  verify(
    alg: JwsAlgorithm,
    key: CryptoKey,
    signingInput: string,
    signature: Uint8Array<ArrayBuffer>,
  ): boolean | Promise<boolean>;
}

function newWebCryptoParams(alg: JwsAlgorithm, key: CryptoKey): AlgorithmIdentifier | EcdsaParams {
  const spec = JWS_ALGORITHM_SPECS[alg];
  switch (spec.family) {
    case 'RSA-PSS':
      return { name: 'RSA-PSS', saltLength: (spec.bits ?? 256) / 8 } as AlgorithmIdentifier;
    case 'ECDSA':
      return { name: 'ECDSA', hash: `SHA-${spec.bits}` };
    case 'Ed25519':
      return { name: key.algorithm.name };
    default:
      return { name: spec.family };
  }
}

// Node's subtle.verify normalizes the algorithm into a new object whose prototype is the one
// passed in: a fresh object on every call costs V8 a new prototype map each time, 9-11 µs of CPU
// per ES256 token with 64 in flight (Node 24), so each algorithm's object is made once.
const webCryptoParamsMade = new Map<string, AlgorithmIdentifier | EcdsaParams>();

function webCryptoParams(alg: JwsAlgorithm, key: CryptoKey): AlgorithmIdentifier | EcdsaParams {
  const id = JWS_ALGORITHM_SPECS[alg].family === 'Ed25519' ? key.algorithm.name : alg;
  let params = webCryptoParamsMade.get(id);
  if (params === undefined) {
    params = newWebCryptoParams(alg, key);
    webCryptoParamsMade.set(id, params);
  }
  return params;
}

function hasSignatureSize(alg: JwsAlgorithm, signature: Uint8Array): boolean {
  const size = JWS_ALGORITHM_SPECS[alg].signatureBytes;
  return size === undefined || signature.byteLength === size;
}

/** Web Crypto's `crypto.subtle.verify`: every runtime, one thread-pool hop per token on Node. */
export const webCryptoSignatureVerifier: SignatureVerifier = {
  name: 'web-crypto',
  async verify(alg, key, signingInput, signature) {
    if (!hasSignatureSize(alg, signature)) return false;
    try {
      return await crypto.subtle.verify(
        webCryptoParams(alg, key),
        key,
        signature,
        utf8Bytes(signingInput),
      );
    } catch {
      return false;
    }
  },
};

interface NodeKeyObject {
  readonly type: string;
}

type NodeVerifyKey =
  | NodeKeyObject
  | { key: NodeKeyObject; padding?: number; saltLength?: number; dsaEncoding?: string };

interface NodeCrypto {
  KeyObject: { from(key: CryptoKey): NodeKeyObject };
  verify(
    algorithm: string | null,
    data: string,
    key: NodeVerifyKey,
    signature: Uint8Array,
  ): boolean;
  verify(
    algorithm: string | null,
    data: string,
    key: NodeVerifyKey,
    signature: Uint8Array,
    callback: (error: Error | null, valid: boolean) => void,
  ): void;
  constants: { RSA_PKCS1_PSS_PADDING: number };
}

/** The arguments of `crypto.verify` for one algorithm and key, made once per pair. */
interface NodeVerifyArguments {
  readonly hash: string | null;
  readonly key: NodeVerifyKey;
}

function nodeVerifyArguments(
  nodeCrypto: NodeCrypto,
  alg: JwsAlgorithm,
  keyObject: NodeKeyObject,
): NodeVerifyArguments {
  const spec = JWS_ALGORITHM_SPECS[alg];
  const hash = spec.bits === undefined ? null : `sha${spec.bits}`;
  switch (spec.family) {
    case 'RSA-PSS':
      return {
        hash,
        key: {
          key: keyObject,
          padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: (spec.bits ?? 256) / 8,
        },
      };
    case 'ECDSA':
      return { hash, key: { key: keyObject, dsaEncoding: 'ieee-p1363' } };
    default:
      return { hash, key: keyObject };
  }
}

/** `crypto.verify`'s arguments per CryptoKey and algorithm, the KeyObject made once per key. */
function nodeArgumentsCache(
  nodeCrypto: NodeCrypto,
): (alg: JwsAlgorithm, key: CryptoKey) => NodeVerifyArguments {
  const byKey = new WeakMap<CryptoKey, Map<JwsAlgorithm, NodeVerifyArguments>>();
  return (alg, key) => {
    let byAlg = byKey.get(key);
    if (byAlg === undefined) {
      byAlg = new Map();
      byKey.set(key, byAlg);
    }
    let args = byAlg.get(alg);
    if (args === undefined) {
      args = nodeVerifyArguments(nodeCrypto, alg, nodeCrypto.KeyObject.from(key));
      byAlg.set(alg, args);
    }
    return args;
  };
}

interface NodeVerifiers {
  readonly sync: SignatureVerifier;
  readonly threadPool: SignatureVerifier;
}

/**
 * A node:crypto verifier named `name`: `check` runs for a signature of the right size and a key
 * node:crypto can take. Node deprecates KeyObject.from for a non-extractable CryptoKey (DEP0204),
 * so Web Crypto verifies those.
 */
function nodeVerifier(
  name: string,
  check: (
    alg: JwsAlgorithm,
    key: CryptoKey,
    signingInput: string,
    signature: Uint8Array,
  ) => boolean | Promise<boolean>,
): SignatureVerifier {
  return {
    name,
    verify(alg, key, signingInput, signature) {
      if (!key.extractable) {
        return webCryptoSignatureVerifier.verify(alg, key, signingInput, signature);
      }
      return hasSignatureSize(alg, signature) && check(alg, key, signingInput, signature);
    },
  };
}

function createNodeVerifiers(nodeCrypto: NodeCrypto): NodeVerifiers {
  const argumentsOf = nodeArgumentsCache(nodeCrypto);
  return {
    sync: nodeVerifier('node-crypto', (alg, key, signingInput, signature) => {
      try {
        const { hash, key: keyArgument } = argumentsOf(alg, key);
        return nodeCrypto.verify(hash, signingInput, keyArgument, signature);
      } catch {
        return false;
      }
    }),
    threadPool: nodeVerifier(
      'node-crypto-thread-pool',
      (alg, key, signingInput, signature) =>
        new Promise<boolean>((resolve) => {
          try {
            const { hash, key: keyArgument } = argumentsOf(alg, key);
            nodeCrypto.verify(hash, signingInput, keyArgument, signature, (error, valid) => {
              resolve(error === null && valid === true);
            });
          } catch {
            resolve(false);
          }
        }),
    ),
  };
}

let nodeVerifiers: NodeVerifiers | null | undefined;

function nodeCryptoVerifiers(): NodeVerifiers | undefined {
  if (nodeVerifiers === undefined) {
    const nodeCrypto = nodeBuiltin<NodeCrypto>('node:crypto');
    nodeVerifiers =
      typeof nodeCrypto?.verify === 'function' && typeof nodeCrypto.KeyObject?.from === 'function'
        ? createNodeVerifiers(nodeCrypto)
        : null;
  }
  return nodeVerifiers ?? undefined;
}

/**
 * Node's synchronous `crypto.verify` with a `KeyObject` made once per `CryptoKey` (reached through
 * `process.getBuiltinModule`, so no static `node:` import): no thread-pool hop per token. The same
 * checks as {@link webCryptoSignatureVerifier}. `undefined` on every runtime but Node.
 */
export function nodeCryptoSignatureVerifier(): SignatureVerifier | undefined {
  return nodeCryptoVerifiers()?.sync;
}

/**
 * Node's one-shot `crypto.verify` with a callback: the signature is checked on libuv's thread pool
 * (so on the other cores), with a `KeyObject` made once per `CryptoKey` and none of Web Crypto's
 * per-call dispatch on the main thread. The same checks as {@link webCryptoSignatureVerifier};
 * resolves false, never rejects, when the signature does not verify or `node:crypto` refuses the
 * key. `undefined` on every runtime but Node.
 */
export function nodeCryptoThreadPoolSignatureVerifier(): SignatureVerifier | undefined {
  return nodeCryptoVerifiers()?.threadPool;
}

/**
 * The verifier for one `alg` signature while `concurrent` verifications are under way: on Node,
 * the synchronous `node:crypto` one alone (no hop to another thread to wait for); with others
 * under way, the other cores verify in parallel while the main thread parses and checks the next
 * tokens: RSA and EdDSA through `node:crypto`'s thread-pool form, ECDSA through Web Crypto (its
 * hand-over costs the main thread less there, measured on Node 24). Web Crypto on every other
 * runtime.
 */
export function defaultSignatureVerifier(alg: JwsAlgorithm, concurrent: number): SignatureVerifier {
  const node = nodeCryptoVerifiers();
  if (node === undefined) return webCryptoSignatureVerifier;
  if (concurrent <= 1) return node.sync;
  return JWS_ALGORITHM_SPECS[alg].family === 'ECDSA' ? webCryptoSignatureVerifier : node.threadPool;
}
