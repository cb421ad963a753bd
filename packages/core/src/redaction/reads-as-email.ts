// An id of ASCII letters, digits and the punctuation of UUIDs, URNs and pairwise subjects holds no
// `@`, plain or disguised: most ids (Entra oids, Okta ids, Keycloak UUIDs) end here.
const PLAIN_ID = /^[A-Za-z0-9._:|~-]*$/;
// `@` as a log reader would read it: plain, percent-encoded (`%40`, also encoded again as
// `%2540`), or a look-alike (fullwidth U+FF20, small U+FE6B, which NFKC folds to `@`).
const AT = /@|%(?:25)*40|[\uFF20\uFE6B]/i;

/**
 * Whether `id` must be logged as a `sha256:` digest rather than as it is: whether it holds an
 * `@` as a reader would read one (plain, percent-encoded `%40`, or the fullwidth `＠` or small `﹫`
 * look-alike), whatever else surrounds it: case, blanks, a quoted local part, or a domain without a
 * dot (`a@b`) all read as an email. The one predicate `humanIdForLogging`, `loggableId` and
 * `prepareHumanIdForLogging` decide by, so they never disagree on an id.
 *
 * @example
 * readsAsEmail('ALICE@EXAMPLE.COM '); // true
 * readsAsEmail('alice%40example.com'); // true
 * readsAsEmail('00000000-0000-0000-0000-00000000a11c'); // false
 */
export function readsAsEmail(id: string): boolean {
  return !PLAIN_ID.test(id) && AT.test(id);
}
