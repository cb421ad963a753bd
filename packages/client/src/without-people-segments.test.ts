import { describe, expect, it } from 'vitest';
import { withoutPeopleSegments } from './without-people-segments.js';

describe('withoutPeopleSegments', () => {
  it('writes a segment naming a person whole as the marker it is given, any case, encoded or not', () => {
    const people = ['aliddell', 'Alice Liddell'];
    expect(withoutPeopleSegments('/users/ALiddell/events', people, ':redacted')).toBe(
      '/users/:redacted/events',
    );
    expect(withoutPeopleSegments('/people/Alice%20Liddell/x', people, '***REDACTED***')).toBe(
      '/people/***REDACTED***/x',
    );
    // A route parameter's name is a segment too (a redirect's text blanking left `:***REDACTED***`).
    expect(withoutPeopleSegments('/users/:aliddell', people, '***REDACTED***')).toBe(
      '/users/***REDACTED***',
    );
  });

  it('keeps other segments, and the route as it is without people', () => {
    expect(withoutPeopleSegments('/users/aliddell-x/alice', ['aliddell'], ':redacted')).toBe(
      '/users/aliddell-x/alice',
    );
    expect(withoutPeopleSegments('/users/aliddell/', [], ':redacted')).toBe('/users/aliddell/');
  });

  // Review (wave 29, reviewa): a name written as a URL slug (`/authors/alice-liddell`, the usual
  // form of a name in a path) was kept: the words of a name are found apart by spaces only.
  it('blanks a name of several words written as a slug (-, _, ., +), in either order', () => {
    const people = ['Alice Liddell'];
    for (const segment of ['alice-liddell', 'Alice_Liddell', 'alice.liddell', 'liddell-alice']) {
      expect(withoutPeopleSegments(`/authors/${segment}/posts`, people, '***REDACTED***')).toBe(
        '/authors/***REDACTED***/posts',
      );
    }
    // A one-word id keeps its rule: `aliddell-x` is another word.
    expect(withoutPeopleSegments('/authors/alice-x/posts', ['Alice Liddell'], ':redacted')).toBe(
      '/authors/alice-x/posts',
    );
  });
});
