import { expect, it } from 'vitest';
import { requestPath } from './request-path.js';

// The path new URL() gives, and for a url it refuses (a Node adapter's, from the client's Host)
// the path as written: never a throw, never the Host or the query.
it.each([
  ['https://api.example.com/accounts/42?x=1#f', '/accounts/42'],
  ['https://api.example.com', '/'],
  ['https://api.example.com/a/../b', '/b'],
  ['http://999.1.1.1/accounts/42?access_token=t', '/accounts/42'],
  ['http://999.1.1.1', '/'],
  ['http://999.1.1.1?x=1', '/'],
  ['http://a:99999/x#y', '/x'],
  ['https://a%zz/x', '/x'],
  ['http://999.1.1.1//x', '//x'],
  ['/accounts?x=1', '/accounts'],
  ['', '/'],
])('requestPath(%j) is %j', (url, path) => {
  expect(requestPath(url)).toBe(path);
});
