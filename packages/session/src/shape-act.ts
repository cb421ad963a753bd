import type { Act } from '@dual-auth/core';

/** Which personal claims of the act leave the web app; both off by default. */
export interface ActPrivacyOptions {
  /** Send `act.email` (the reference always did). Default false. */
  includeEmail?: boolean | undefined;
  /** Send `act.name` (the reference did when known). Default false. */
  includeName?: boolean | undefined;
}

/**
 * A copy of `act` without the personal claims the privacy options keep back. IAM identifiers
 * (`sub`, `oid`) and any other claim the caller put in pass through in their order.
 */
export function shapeAct(act: Act, options: ActPrivacyOptions): Act {
  const shaped: Act = { ...act };
  if (options.includeEmail !== true) delete shaped.email;
  if (options.includeName !== true) delete shaped.name;
  return shaped;
}
