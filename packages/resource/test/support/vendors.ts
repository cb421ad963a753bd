/** The vendors these tests cover, in the reference's order (core names none). */
export const VENDORS = ['keycloak', 'auth0', 'okta', 'entraid'] as const;

/** One of {@link VENDORS}. */
export type Vendor = (typeof VENDORS)[number];
