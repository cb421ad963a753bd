import type { Request } from 'express';

// What Express 5's router (`router` 2.2+) keeps on a layer of a stack: the path as the app wrote
// it (`rawPath`), the route of a route layer, the stack of a mounted router.
interface StackLayer {
  readonly rawPath?: unknown;
  readonly route?: unknown;
  readonly handle?: { readonly stack?: unknown };
}

// What Express 5 keeps on an app mounted with `app.use(path, subApp)`.
interface MountedApp {
  readonly mountpath?: unknown;
  readonly parent?: MountedApp;
  readonly router?: { readonly stack?: unknown };
}

// Router stacks deeper than this are not searched (the answer is then unknown).
const MAX_MOUNT_DEPTH = 16;

const layersOf = (stack: unknown): readonly StackLayer[] | undefined =>
  Array.isArray(stack) ? (stack as StackLayer[]) : undefined;

const mountOf = (path: unknown): string | undefined =>
  path === '/' ? '' : typeof path === 'string' ? path : undefined;

// Every mount template under which `stack` reaches `route`; `undefined` in the list for a mount
// whose template is not a plain string (an array, a RegExp, an older router without `rawPath`).
function templatesTo(stack: readonly StackLayer[], route: unknown, depth: number) {
  const found: (string | undefined)[] = [];
  for (const layer of stack) {
    if (layer.route === route) found.push('');
    const inner = layer.route === undefined ? layersOf(layer.handle?.stack) : undefined;
    if (inner === undefined || depth >= MAX_MOUNT_DEPTH) continue;
    const mount = mountOf(layer.rawPath);
    for (const rest of templatesTo(inner, route, depth + 1)) {
      found.push(mount !== undefined && rest !== undefined ? `${mount}${rest}` : undefined);
    }
  }
  return found;
}

// The mount paths of a sub-app and the apps it is mounted in, outermost first.
function appMounts(app: MountedApp): string | undefined {
  let prefix = '';
  for (let at: MountedApp | undefined = app; at?.parent !== undefined; at = at.parent) {
    const mount = mountOf(at.mountpath);
    if (mount === undefined) return undefined;
    prefix = `${mount}${prefix}`;
  }
  return prefix;
}

// Whether `template` is the mount `baseUrl` matched: segment by segment, each static segment the
// same (Express matches case-insensitively by default), a parameter segment anything. A wildcard
// or an optional part (`*splat`, `{/:id}`) spans an unknown number of segments: not judged.
function fits(template: string, baseUrl: string): boolean {
  if (/[*{(]/.test(template)) return false;
  const wanted = template.split('/');
  const got = baseUrl.split('/');
  return (
    wanted.length === got.length &&
    wanted.every((part, i) => part.includes(':') || part.toLowerCase() === got[i]?.toLowerCase())
  );
}

// Every mount template (app mounts included) in front of `route` in `app`; `undefined` when the
// app's mounts cannot be read.
function candidateTemplates(
  app: MountedApp,
  route: unknown,
): readonly (string | undefined)[] | undefined {
  const stack = layersOf(app.router?.stack);
  const prefix = appMounts(app);
  if (stack === undefined || prefix === undefined) return undefined;
  return templatesTo(stack, route, 0).map((inner) =>
    inner === undefined ? undefined : `${prefix}${inner}`,
  );
}

// The candidates by route, then by app (a router may serve in two apps): an app is wired before it
// serves, so its routers are searched once per route, not on every request. A mount added after a
// route's first request is not seen for it: a request through it gets no template (its baseUrl is
// judged strictly) or one that fits it as well, never a value from a URL.
const candidatesByRoute = new WeakMap<
  object,
  WeakMap<MountedApp, readonly (string | undefined)[] | undefined>
>();

function rememberedCandidates(app: MountedApp, route: unknown) {
  if (typeof route !== 'object' || route === null) return candidateTemplates(app, route);
  let byApp = candidatesByRoute.get(route);
  if (byApp === undefined) {
    byApp = new WeakMap();
    candidatesByRoute.set(route, byApp);
  }
  if (!byApp.has(app)) byApp.set(app, candidateTemplates(app, route));
  return byApp.get(app);
}

/**
 * The template of the mounts in front of the route Express matched, as the app wrote them
 * (`/users/:username` for `app.use('/users/:username', router)`), the counterpart of
 * `req.baseUrl`, which holds the client's values (`/users/john-smith`). Found by searching the
 * app's router stack for `req.route` (Express 5 keeps each mount's path as written in
 * `layer.rawPath`, and a sub-app's in `app.mountpath`), and kept only if it matches
 * `req.baseUrl` segment by segment (the search is done once per route and app). `undefined` when
 * it cannot be known for sure: no matched route, a mount path that is an array, a RegExp, a
 * wildcard or has an optional part, a router reached under mounts of different templates, or a
 * router without `layer.rawPath` (`router` before 2.2).
 */
export function expressMountTemplate(req: Request): string | undefined {
  const app = req.app as MountedApp | undefined;
  if (req.route === undefined || app === undefined) return undefined;
  const candidates = rememberedCandidates(app, req.route);
  if (candidates === undefined) return undefined;
  // The same router under two mounts gives two candidates: req.baseUrl tells which one matched.
  const templates = new Set(
    candidates.filter((template) => template === undefined || fits(template, req.baseUrl)),
  );
  const [only] = templates;
  return templates.size === 1 ? only : undefined;
}
