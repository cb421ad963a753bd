import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpsServer } from '../../tls/https-server.js';
import type { TestCa } from '../../tls/test-ca.js';
import { FailureQueue, firstHeader, readJsonObject } from '../emulator-http.js';

/**
 * A failure the emulator can be told to return instead of the next answers. `malformed` is a 200
 * whose JSON is cut off right after the secret's value (a broken proxy): a client must fail
 * without quoting the body.
 */
export type AwsEmulatorFailure =
  | 'access-denied'
  | 'throttling'
  | 'internal-error'
  | 'disconnect'
  | 'malformed';

/** A secret's stored form: text (`SecretString`) or bytes (`SecretBinary`). */
export type AwsEmulatorSecret = string | Uint8Array;

/** Options of {@link startAwsSecretsManagerEmulator}. */
export interface AwsSecretsManagerEmulatorOptions {
  /** Secrets by name (`dual-auth/AGENT_CLIENT_SECRET`). */
  secrets?: Readonly<Record<string, AwsEmulatorSecret>>;
  /** The CA that signs the server certificate. Default: a fresh test CA. */
  ca?: TestCa;
  /** Region written into ARNs. Default `us-east-1`. */
  region?: string;
  /** Failures for the first requests, in order. */
  failNext?: readonly AwsEmulatorFailure[];
}

/** What the emulator saw of one request (never a secret value). */
export interface AwsEmulatorRequest {
  /** The `X-Amz-Target` header, e.g. `secretsmanager.GetSecretValue`. */
  target: string | undefined;
  secretId: string | undefined;
  /** The access key id of a SigV4 `Authorization` header, undefined when none was sent. */
  accessKeyId: string | undefined;
  /** The SigV4 credential scope region, e.g. `us-east-1`. */
  signedRegion: string | undefined;
  /** True when `Authorization` is a complete SigV4 header and `X-Amz-Date` is present. */
  sigV4: boolean;
}

/** A running Secrets Manager emulator. */
export interface AwsSecretsManagerEmulator {
  /** `https://127.0.0.1:PORT`, the SDK's `endpoint`. */
  readonly endpoint: string;
  /** The CA to trust. */
  readonly caPem: string;
  /** Every request received, in order. */
  readonly requests: readonly AwsEmulatorRequest[];
  /** Creates or replaces a secret. */
  setSecret(name: string, value: AwsEmulatorSecret): void;
  /** Removes a secret. */
  deleteSecret(name: string): void;
  /** Answers the next `times` requests with `failure`. */
  failNext(failure: AwsEmulatorFailure, times?: number): void;
  close(): Promise<void>;
}

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/secretsmanager\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;
const ACCOUNT = '123456789012';

/**
 * Starts a loopback HTTPS emulator of AWS Secrets Manager's JSON 1.1 protocol for
 * `GetSecretValue`, which the official `@aws-sdk/client-secrets-manager` talks to through its
 * `endpoint` option. Requests without a SigV4 `Authorization` header are refused as the service
 * does; errors have the service's shape (`__type`, `Message`, `x-amzn-ErrorType`).
 *
 * @example
 * ```ts
 * import { startAwsSecretsManagerEmulator } from '@dual-auth/testing/emulators';
 *
 * const aws = await startAwsSecretsManagerEmulator({ secrets: { 'dual-auth/APP_ID': 'app-1' } });
 * // new SecretsManagerClient({ endpoint: aws.endpoint, region: 'us-east-1', credentials, … })
 * aws.failNext('throttling');
 * await aws.close();
 * ```
 */
export async function startAwsSecretsManagerEmulator(
  options: AwsSecretsManagerEmulatorOptions = {},
): Promise<AwsSecretsManagerEmulator> {
  const region = options.region ?? 'us-east-1';
  const secrets = new Map<string, AwsEmulatorSecret>(Object.entries(options.secrets ?? {}));
  const failures = new FailureQueue(options.failNext);
  const requests: AwsEmulatorRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJsonObject(req);
    const target = firstHeader(req, 'x-amz-target');
    const secretId = typeof body?.SecretId === 'string' ? body.SecretId : undefined;
    const auth = SIGV4.exec(firstHeader(req, 'authorization') ?? '');
    const sigV4 = auth !== null && firstHeader(req, 'x-amz-date') !== undefined;
    requests.push({
      target,
      secretId,
      accessKeyId: auth?.[1],
      signedRegion: auth?.[2],
      sigV4,
    });
    if (!sigV4) {
      return sendError(
        res,
        400,
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
      );
    }
    if (target !== 'secretsmanager.GetSecretValue') {
      return sendError(res, 400, 'UnknownOperationException', `Unknown operation ${target}`);
    }
    const failure = failures.next();
    if (failure === 'disconnect') {
      req.socket.destroy();
      return;
    }
    if (failure === 'access-denied') {
      return sendError(
        res,
        400,
        'AccessDeniedException',
        `User: arn:aws:iam::${ACCOUNT}:user/${auth?.[1]} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretId} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      );
    }
    if (failure === 'throttling')
      return sendError(res, 400, 'ThrottlingException', 'Rate exceeded');
    if (failure === 'internal-error') {
      return sendError(res, 500, 'InternalServiceError', 'An error occurred on the server side.');
    }
    if (secretId === undefined) {
      return sendError(res, 400, 'InvalidParameterException', 'SecretId is required.');
    }
    const value = secrets.get(secretId);
    if (value === undefined) {
      return sendError(
        res,
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    if (failure === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(`{"Name":${JSON.stringify(secretId)},"SecretString":${JSON.stringify(value)},"Ver`);
      return;
    }
    const payload =
      typeof value === 'string'
        ? { SecretString: value }
        : { SecretBinary: Buffer.from(value).toString('base64') };
    sendJson(res, 200, {
      ARN: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${secretId}-AbCdEf`,
      Name: secretId,
      VersionId: randomUUID(),
      ...payload,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_700_000_000,
    });
  };

  const server = await startHttpsServer(handle, options.ca === undefined ? {} : { ca: options.ca });
  return {
    endpoint: server.url,
    caPem: server.ca.caPem,
    requests,
    setSecret: (name, value) => void secrets.set(name, value),
    deleteSecret: (name) => void secrets.delete(name),
    failNext: (failure, times) => failures.add(failure, times),
    close: () => server.close(),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, type?: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomUUID(),
    ...(type === undefined ? {} : { 'x-amzn-errortype': type }),
  });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { __type: type, Message: message }, type);
}
