import type { GuardAdmission } from './guard-decision.js';
import { statusRecorder } from './status-recorder.js';

// A fetched or redirect Response has immutable headers: a copy with the same body gets them.
function withHeaders(response: Response, headers: GuardAdmission['headers']): Response {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0 || response.status === 0) return response;
  let answer = response;
  try {
    for (const [name, value] of entries) answer.headers.set(name, value);
  } catch {
    answer = new Response(response.body, response);
    for (const [name, value] of entries) answer.headers.set(name, value);
  }
  return answer;
}

/**
 * Runs `respond` for an admitted request and writes the admission's audit record with the status
 * of its `Response` as soon as it is known (a streamed body is audited before it runs); `null`
 * for `Response.error()` (status 0, nothing answered); 500 when `respond` throws (the throw goes
 * on: Workers, Deno, Bun and Node's adapters answer it with 500). A failing audit write does not
 * replace the app's answer. The admission must come from a `check` with `reportsStatus: true`.
 * The admission's `headers` (a rotated `DPoP-Nonce`) are set on the answer.
 *
 * @throws TypeError before `respond` runs when the admission has no `recordStatus` (a custom
 * guard's ALLOW must have one).
 * @example
 * const decision = await guard.check({ ...requestGuardInput(request), reportsStatus: true });
 * if (decision.decision === 'DENY') return denialResponse(decision);
 * return answerAdmitted(decision, () => handler(request));
 */
export async function answerAdmitted(
  admission: Pick<GuardAdmission, 'recordStatus' | 'headers'>,
  respond: () => Response | Promise<Response>,
): Promise<Response> {
  if (typeof admission !== 'object' || admission === null || typeof respond !== 'function') {
    throw new TypeError(
      "answerAdmitted(admission, respond) takes a guard's ALLOW decision and a function that answers the request",
    );
  }
  const recordStatus = statusRecorder(admission);
  let response: Response;
  try {
    response = await respond();
  } catch (error) {
    await recordStatus(500);
    throw error;
  }
  await recordStatus(response.status === 0 ? null : response.status);
  return withHeaders(response, admission.headers);
}
