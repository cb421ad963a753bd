import { once } from 'node:events';
import { createServer, type Http2Server } from 'node:http2';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { crc32c } from '../../src/crc32c.js';

// A real gRPC server on loopback answering `AccessSecretVersion` of Secret Manager v1, from the
// service definition the SDK ships (its protos.json): the emulator of @dual-auth/testing speaks
// only the REST surface of the SDK's `fallback` mode.

/** What the server does with a call for one secret id. */
export type GrpcSecretAnswer =
  | { readonly value: string | Uint8Array }
  /** Never answers (the call stays open until the client gives up). */
  | { readonly silent: true }
  /** Sends its response headers, then nothing more (no message, no status). */
  | { readonly stallAfterHeaders: true };

/** A loopback gRPC Secret Manager; {@link GrpcSecretManagerServer.calls} records how each call ended. */
export interface GrpcSecretManagerServer {
  /** The port on 127.0.0.1. */
  readonly port: number;
  /**
   * Options for `new SecretManagerServiceClient(…)` that reach this server over gRPC: its address
   * and insecure channel credentials (the SDK then adds no OAuth token, so no credentials are
   * looked up).
   */
  readonly clientOptions: {
    readonly apiEndpoint: string;
    readonly port: number;
    readonly sslCreds: grpc.ChannelCredentials;
    readonly universeDomain: string;
  };
  /** For each call received, in order: the secret id and whether the client cancelled it. */
  readonly calls: ReadonlyArray<{ readonly secretId: string; readonly cancelled: boolean }>;
  close(): Promise<void>;
}

interface AccessRequest {
  name: string;
}
interface AccessResponse {
  name: string;
  payload: { data: Buffer; dataCrc32c: number };
}

const require = createRequire(import.meta.url);
const SERVICE = 'google.cloud.secretmanager.v1.SecretManagerService';
const VERSION_NAME = /^projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/]+)$/;

function accessSecretVersionDefinition(): grpc.MethodDefinition<AccessRequest, AccessResponse> {
  const json = require('@google-cloud/secret-manager/build/protos/protos.json') as Parameters<
    typeof protoLoader.fromJSON
  >[0];
  const definition = protoLoader.fromJSON(json, { longs: Number, defaults: true });
  const service = definition[SERVICE] as grpc.ServiceDefinition;
  return service.AccessSecretVersion as grpc.MethodDefinition<AccessRequest, AccessResponse>;
}

function loopbackClientOptions(port: number): GrpcSecretManagerServer['clientOptions'] {
  return {
    apiEndpoint: '127.0.0.1',
    port,
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  };
}

/**
 * Starts a gRPC Secret Manager on 127.0.0.1 answering `AccessSecretVersion` for the secret ids of
 * `secrets` (any project, any version), `NOT_FOUND` for others.
 */
export async function startGrpcSecretManagerServer(
  secrets: Readonly<Record<string, GrpcSecretAnswer>>,
): Promise<GrpcSecretManagerServer> {
  const server = new grpc.Server();
  const calls: { secretId: string; cancelled: boolean }[] = [];
  server.addService(
    { AccessSecretVersion: accessSecretVersionDefinition() },
    {
      AccessSecretVersion(
        call: grpc.ServerUnaryCall<AccessRequest, AccessResponse>,
        callback: grpc.sendUnaryData<AccessResponse>,
      ) {
        const [, project, secretId = ''] = VERSION_NAME.exec(call.request.name) ?? [];
        const record = { secretId, cancelled: false };
        calls.push(record);
        call.on('cancelled', () => {
          record.cancelled = true;
        });
        const answer = Object.hasOwn(secrets, secretId) ? secrets[secretId] : undefined;
        if (answer === undefined) {
          callback({
            code: grpc.status.NOT_FOUND,
            details: `Secret [${call.request.name}] not found.`,
          });
          return;
        }
        if ('silent' in answer) return;
        if ('stallAfterHeaders' in answer) {
          call.sendMetadata(new grpc.Metadata());
          return;
        }
        const data = Buffer.from(
          typeof answer.value === 'string' ? new TextEncoder().encode(answer.value) : answer.value,
        );
        callback(null, {
          name: `projects/${project}/secrets/${secretId}/versions/1`,
          payload: { data, dataCrc32c: crc32c(data) },
        });
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return {
    port,
    clientOptions: loopbackClientOptions(port),
    calls,
    // Ends calls left open too (a silent answer), which a graceful shutdown would wait for.
    close: async () => server.forceShutdown(),
  };
}

/**
 * A gRPC endpoint on 127.0.0.1, spoken by hand over HTTP/2 (grpc-js servers do not compress
 * answers), that answers every call with `value` as one message compressed with `encoding` (sent
 * as `grpc-encoding`): a few KiB on the wire that inflate to the whole value.
 */
export async function startCompressedGrpcServer(
  value: string,
  encoding: 'gzip' | 'deflate',
): Promise<Pick<GrpcSecretManagerServer, 'clientOptions' | 'close'>> {
  const data = Buffer.from(value);
  const message = accessSecretVersionDefinition().responseSerialize({
    name: 'projects/p/secrets/s/versions/1',
    payload: { data, dataCrc32c: crc32c(data) },
  });
  const zipped = encoding === 'gzip' ? gzipSync(message) : deflateSync(message);
  // A gRPC message frame: compressed flag, 4-byte big-endian length, the message.
  const frame = Buffer.alloc(5 + zipped.length);
  frame.writeUInt8(1, 0);
  frame.writeUInt32BE(zipped.length, 1);
  zipped.copy(frame, 5);
  const server: Http2Server = createServer();
  server.on('stream', (stream) => {
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc', 'grpc-encoding': encoding },
      { waitForTrailers: true },
    );
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.on('error', () => {});
    stream.end(frame);
  });
  return listenOnLoopback(server);
}

/**
 * A gRPC endpoint on 127.0.0.1, spoken by hand over HTTP/2, that answers every call with no
 * message and trailers of `NOT_FOUND` carrying a `x-padding` metadata value of `bytes` bytes (a
 * client that read them would report the secret missing).
 */
export async function startHugeTrailersGrpcServer(
  bytes: number,
): Promise<Pick<GrpcSecretManagerServer, 'clientOptions' | 'close'>> {
  const server: Http2Server = createServer({ maxSendHeaderBlockLength: bytes + 1024 });
  server.on('stream', (stream) => {
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc' },
      { waitForTrailers: true },
    );
    stream.on('wantTrailers', () =>
      stream.sendTrailers({ 'grpc-status': '5', 'x-padding': 'p'.repeat(bytes) }),
    );
    stream.on('error', () => {});
    stream.end();
  });
  return listenOnLoopback(server);
}

// A hand-spoken HTTP/2 endpoint listening on 127.0.0.1, with the SDK options that reach it.
async function listenOnLoopback(
  server: Http2Server,
): Promise<Pick<GrpcSecretManagerServer, 'clientOptions' | 'close'>> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    clientOptions: loopbackClientOptions(port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
