import { describe, expect, it } from 'vitest';
import { sha256Base64url } from './index.js';

// What resource's accessTokenDigest, session's cache-key digests and namespacedReplayKey wrote
// before they shared this function (wave 26): the DPoP `ath`, an act assertion's binding and a
// token cache's keys, held by stores and compared by peers, so byte for byte the same, on Node
// and on the edge project: a lone surrogate as U+FFFD.
describe('sha256Base64url', () => {
  it.each([
    ['', '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU'],
    ['access.token.1', '9NKrRcWM1ePFndONQ6eX7Q_NUQ-283k2xTlna5pBeVM'],
    ['a\ud800b', 'BQh4Ezku_Bb-j_RIkgxjKOU6-GXfOUGUNmWdn_2pD3s'],
    ['ünïcödé@例え.jp', 'wv08XDLbN5LiP1YtizlsW4KeAJqAsht7wUa0xrpyNU4'],
    ['x'.repeat(1000), 'RPg1RJSlugO6F5Ko0-nFNMR6kYGYD956P0SwbvKufH8'],
  ])('digests %j as it always did', async (text, digest) => {
    expect(await sha256Base64url(text)).toBe(digest);
  });
});
