import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type LocalRedis, startRedisServer } from './start-redis-server.js';

const run = promisify(execFile);

/** Options of {@link startRedisCluster}. */
export interface StartRedisClusterOptions {
  /** Primary nodes, each holding a share of the 16 384 slots. Default 3 (Redis's minimum). */
  readonly nodes?: number;
  /** The `redis-cli` binary. Default `redis-cli` on `PATH`. */
  readonly cliCommand?: string;
  /** The longest wait for every node to report `cluster_state:ok`. Default 60 000 ms. */
  readonly readyTimeoutMs?: number;
}

/** A Redis Cluster of a test, on loopback, persistence off, no replicas. */
export interface LocalRedisCluster {
  readonly nodes: readonly LocalRedis[];
  /** What `createCluster({ rootNodes })` of node-redis takes. */
  readonly rootNodes: readonly { url: string }[];
  /** Stops every node and removes their working directories. */
  close(): Promise<void>;
}

/**
 * Starts a real Redis Cluster on loopback: `nodes` `redis-server`s with `--cluster-enabled yes`,
 * joined by `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`, and resolves once
 * every node reports `cluster_state:ok`. Needs Debian's `redis-server` and `redis-tools`.
 *
 * @throws Error when a node does not start, the cluster cannot be created, or it is not ready in
 *   time; the nodes already started are stopped first.
 *
 * @example
 * ```ts
 * import { startRedisCluster } from '@dual-auth/testing';
 *
 * const cluster = await startRedisCluster();
 * // … createCluster({ rootNodes: [...cluster.rootNodes] }) of node-redis …
 * await cluster.close();
 * ```
 */
export async function startRedisCluster(
  options: StartRedisClusterOptions = {},
): Promise<LocalRedisCluster> {
  const count = options.nodes ?? 3;
  const cli = options.cliCommand ?? 'redis-cli';
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const nodes: LocalRedis[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.close()));
  };
  try {
    for (let i = 0; i < count; i += 1) nodes.push(await startRedisServer({ clusterEnabled: true }));
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run(cli, [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    const deadline = Date.now() + readyTimeoutMs;
    for (const node of nodes) await waitForClusterOk(cli, node.port, count, deadline);
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, rootNodes: nodes.map((node) => ({ url: node.url })), close };
}

async function waitForClusterOk(
  cli: string,
  port: number,
  count: number,
  deadline: number,
): Promise<void> {
  let info = '';
  while (Date.now() < deadline) {
    ({ stdout: info } = await run(cli, ['-p', String(port), 'cluster', 'info']));
    if (
      info.includes('cluster_state:ok') &&
      info.includes('cluster_slots_assigned:16384') &&
      info.includes(`cluster_known_nodes:${count}`)
    ) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Redis Cluster node ${port} not ready: ${info.split('\n').slice(0, 3).join(' ')}`,
  );
}
