/**
 * Version of the plugin contracts (`IamAdapter`, `SecretsBackend`, stores). A plugin built for
 * another version is refused with a named error instead of failing somewhere deep.
 */
export const SPECIFICATION_VERSION = 'v1';

/** The contract version type that plugins declare. */
export type SpecificationVersion = typeof SPECIFICATION_VERSION;
