/** Shortest run of a credential's characters that counts as quoting it. */
const RUN = 12;

/** Letters and digits only, lowercased: separators, case and invisible characters do not hide a run. */
const skeleton = (text: string): string => text.replace(/[^0-9a-z]/gi, '').toLowerCase();

/** Every `RUN`-character slice of `text`. */
function runsOf(text: string): Set<string> {
  const runs = new Set<string>();
  for (let start = 0; start + RUN <= text.length; start++) runs.add(text.slice(start, start + RUN));
  return runs;
}

function sharesRun(runs: ReadonlySet<string>, secret: string): boolean {
  for (let start = 0; start + RUN <= secret.length; start++) {
    if (runs.has(secret.slice(start, start + RUN))) return true;
  }
  return false;
}

/**
 * Whether `text` carries 12 characters or more of one of `credentials` (values of HTTP headers,
 * so Latin-1), or a shorter one whole, compared
 * - as they are;
 * - on letters and digits only, case ignored (so spaces, dots, hyphens, soft hyphens or a changed
 *   case between its characters do not hide it);
 * - the same way against its hex and base64/base64url encodings (base64 at each of the three
 *   alignments, as it would stand inside a longer encoded text). Percent-encoding reduces to hex.
 *
 * Not covered: other encodings, or a credential cut into pieces shorter than 12 characters; an API
 * that means to leak a token it was sent can always do so elsewhere, this keeps it out of the
 * caller's error messages by accident or by the obvious disguises.
 */
export function echoesCredential(text: string, credentials: readonly string[]): boolean {
  const letters = skeleton(text);
  const verbatim = runsOf(text);
  const reduced = runsOf(letters);
  return credentials.some((credential) =>
    credential.length < RUN
      ? text.includes(credential) || letters.includes(skeleton(credential) || credential)
      : sharesRun(verbatim, credential) ||
        [
          credential,
          Array.from(credential, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
          btoa(credential),
          btoa(`\0${credential}`),
          btoa(`\0\0${credential}`),
        ].some((form) => sharesRun(reduced, skeleton(form))),
  );
}
