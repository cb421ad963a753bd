type Node = Map<string, unknown>;

/**
 * Values filed under a fixed-length path of strings, one `Map` per level. A lookup hashes the
 * caller's own strings — whose hashes the engine keeps — instead of building and hashing a new
 * composite string each time: a warm token-cache lookup is a few map reads.
 */
export class KeyTrie<V> {
  readonly #root: Node = new Map();

  get(path: readonly string[]): V | undefined {
    let node: unknown = this.#root;
    for (let i = 0; i < path.length; i += 1) {
      node = (node as Node).get(path[i] as string);
      if (node === undefined) return undefined;
    }
    return node as V;
  }

  set(path: readonly string[], value: V): void {
    let node = this.#root;
    const last = path.length - 1;
    for (let i = 0; i < last; i += 1) {
      const part = path[i] as string;
      let next = node.get(part) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(part, next);
      }
      node = next;
    }
    node.set(path[last] as string, value);
  }

  /** Removes the value at `path`, and the levels it leaves empty. */
  delete(path: readonly string[]): void {
    const nodes: Node[] = [this.#root];
    for (let i = 0; i < path.length - 1; i += 1) {
      const next = (nodes[i] as Node).get(path[i] as string) as Node | undefined;
      if (next === undefined) return;
      nodes.push(next);
    }
    for (let i = path.length - 1; i >= 0; i -= 1) {
      const node = nodes[i] as Node;
      node.delete(path[i] as string);
      if (node.size > 0) return;
    }
  }
}
