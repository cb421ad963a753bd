import { JWS_ALGORITHM_SPECS, type JwsAlgorithm } from './jws-algorithms.js';
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

const encoder = new TextEncoder();

function webCryptoParams(alg: JwsAlgorithm, key: CryptoKey): AlgorithmIdentifier | EcdsaParams {
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
        encoder.encode(signingInput),
      );
    } catch {
      return false;
    }
  },
};

interface NodeKeyObject {
  readonly type: string;
}

interface NodeCrypto {
  KeyObject: { from(key: CryptoKey): NodeKeyObject };
  verify(
    algorithm: string | null,
    data: string,
    key:
      | NodeKeyObject
      | { key: NodeKeyObject; padding?: number; saltLength?: number; dsaEncoding?: string },
    signature: Uint8Array,
  ): boolean;
  constants: { RSA_PKCS1_PSS_PADDING: number };
}

let nodeVerifier: SignatureVerifier | null | undefined;

function createNodeVerifier(nodeCrypto: NodeCrypto): SignatureVerifier {
  const keyObjects = new WeakMap<CryptoKey, NodeKeyObject>();
  const keyObjectOf = (key: CryptoKey): NodeKeyObject => {
    let keyObject = keyObjects.get(key);
    if (keyObject === undefined) {
      keyObject = nodeCrypto.KeyObject.from(key);
      keyObjects.set(key, keyObject);
    }
    return keyObject;
  };
  return {
    name: 'node-crypto',
    verify(alg, key, signingInput, signature) {
      if (!hasSignatureSize(alg, signature)) return false;
      const spec = JWS_ALGORITHM_SPECS[alg];
      const keyObject = keyObjectOf(key);
      const hash = spec.bits === undefined ? null : `sha${spec.bits}`;
      try {
        switch (spec.family) {
          case 'RSA-PSS':
            return nodeCrypto.verify(
              hash,
              signingInput,
              {
                key: keyObject,
                padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
                saltLength: (spec.bits ?? 256) / 8,
              },
              signature,
            );
          case 'ECDSA':
            return nodeCrypto.verify(
              hash,
              signingInput,
              { key: keyObject, dsaEncoding: 'ieee-p1363' },
              signature,
            );
          default:
            return nodeCrypto.verify(hash, signingInput, keyObject, signature);
        }
      } catch {
        return false;
      }
    },
  };
}

/**
 * Node's synchronous `crypto.verify` with a `KeyObject` made once per `CryptoKey` (reached through
 * `process.getBuiltinModule`, so no static `node:` import): no thread-pool hop per token. The same
 * checks as {@link webCryptoSignatureVerifier}. `undefined` on runtimes without `node:crypto`.
 */
export function nodeCryptoSignatureVerifier(): SignatureVerifier | undefined {
  if (nodeVerifier === undefined) {
    const nodeCrypto = nodeBuiltin<NodeCrypto>('node:crypto');
    nodeVerifier =
      typeof nodeCrypto?.verify === 'function' && typeof nodeCrypto.KeyObject?.from === 'function'
        ? createNodeVerifier(nodeCrypto)
        : null;
  }
  return nodeVerifier ?? undefined;
}

/**
 * The verifier for one `alg` signature while `concurrent` verifications are under way: Node's
 * synchronous one where `node:crypto` exists, Web Crypto everywhere else. On Node, ECDSA and EdDSA
 * signatures go to Web Crypto when others are under way too: their verification costs several
 * times what handing it to the thread pool costs the main thread, so the other cores take them in
 * parallel; an RSA verification costs about as little as that hand-over, and stays synchronous.
 */
export function defaultSignatureVerifier(alg: JwsAlgorithm, concurrent: number): SignatureVerifier {
  const node = nodeCryptoSignatureVerifier();
  if (node === undefined) return webCryptoSignatureVerifier;
  const family = JWS_ALGORITHM_SPECS[alg].family;
  const cheap = family === 'RSASSA-PKCS1-v1_5' || family === 'RSA-PSS';
  return concurrent > 1 && !cheap ? webCryptoSignatureVerifier : node;
}
