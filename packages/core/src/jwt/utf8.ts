/**
 * Core's one UTF-8 encoder (WHATWG Encoding §8.2: a lone surrogate is written as U+FFFD, EF BF BD).
 * Shared by every module of core that encodes text, so a bundle carries one.
 */
export const utf8Encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Core's one strict UTF-8 decoder (WHATWG Encoding §8.1 with `fatal`): `decode` throws a
 * `TypeError` on bytes that are not UTF-8 instead of writing U+FFFD. Stateless between calls (no
 * `stream` option is passed), so every module of core may share it.
 */
export const strictUtf8Decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });
