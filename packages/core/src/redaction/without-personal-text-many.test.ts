import { afterEach, expect, it, vi } from 'vitest';
import { peopleOf } from '../adapter-kit/people-of.js';
import { withoutPersonalText } from './without-personal-text.js';

// A token may grant thousands of scope names, each read for the human's strings and emails on
// every request (resource's audit record). Their words and paths are runs of base64's alphabet
// (`resource/tenant-7`), each decoded to look for a person in it: a decoder's call (and a throw
// for the bytes that are no UTF-8, nearly all) per run made 2 300 names cost ~35 ms a request.
// Bytes that are no UTF-8 hold no text: no decoder is asked about them.

afterEach(() => {
  vi.restoreAllMocks();
});

const HUMAN = { sub: 'u-7301', email: 'alice@corp.example', name: 'Alice Liddell' };
const names = Array.from(
  { length: 2300 },
  (_, i) => `api://resource/tenant-${i}.files.read https://graph.example/Files${i}`,
);

it('decodes no base64-alphabet run of a scope name that holds no UTF-8', () => {
  const people = peopleOf({ act: HUMAN, scope: names });
  const decode = vi.spyOn(TextDecoder.prototype, 'decode');
  const written = names.map((name) => withoutPersonalText(name, people));
  expect(written).toEqual(names);
  expect(decode).not.toHaveBeenCalled();
});

it('still decodes and blanks a run whose bytes are text naming the human, among many', () => {
  const encoded = btoa(`owner ${HUMAN.email}`);
  const short = btoa(HUMAN.sub).replace(/=+$/, '');
  const granted = [...names, `files:${encoded}`, `files:${short}`, `home:${HUMAN.name}`];
  const people = peopleOf({ act: HUMAN, scope: granted });
  const decode = vi.spyOn(TextDecoder.prototype, 'decode');
  const written = granted.map((name) => withoutPersonalText(name, people));
  expect(written.slice(0, names.length)).toEqual(names);
  expect(written.slice(names.length)).toEqual([
    'files:***REDACTED***',
    'files:***REDACTED***',
    'home:***REDACTED***',
  ]);
  // The run of the email, and no other.
  expect(decode).toHaveBeenCalledTimes(1);
});
