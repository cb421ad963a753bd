// The names a browser on this machine reaches the journey server by. Any port: a port forward
// (`ssh -L 9000:127.0.0.1:8780`, an editor's) shows the page on another local port. A rebinding
// page names its own host, never one of these, whatever its port.
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/;

/**
 * The answer refusing a request the journey server must not act on, else `undefined`:
 *
 * - a `Host` other than 127.0.0.1, localhost or [::1] (on any port, for port forwards; a
 *   DNS-rebinding name pointed at 127.0.0.1) gets 421;
 * - a `POST` whose `Origin` is another origin (or `null`) gets 403; a browser sends `Origin` on every
 *   POST, so one without it comes from a non-browser client, which a page cannot make it send;
 * - a `POST` whose body is not `application/json` gets 415: a cross-origin page can send
 *   `text/plain` without a CORS preflight, never `application/json`.
 */
export function foreignRequestRefusal(request: Request, port: number): Response | undefined {
  const host = request.headers.get('host')?.toLowerCase() ?? '';
  if (!LOOPBACK_HOST.test(host)) {
    return new Response(`Misdirected: open the page at http://127.0.0.1:${port}/`, {
      status: 421,
    });
  }
  if (request.method !== 'POST') return undefined;
  const origin = request.headers.get('origin');
  if (origin !== null && origin.toLowerCase() !== `http://${host}`) {
    return Response.json({ message: 'Steps run only from the journey page.' }, { status: 403 });
  }
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return Response.json({ message: 'Send the step as application/json.' }, { status: 415 });
  }
  return undefined;
}
