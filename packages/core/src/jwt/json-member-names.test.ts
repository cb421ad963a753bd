import { describe, expect, it } from 'vitest';
import { parseJsonObject } from './json-segment.js';

const parse = (text: string) => parseJsonObject(new TextEncoder().encode(text));

describe('parseJsonObject and member names', () => {
  it.each([
    ['{"sub":"a","sub":"b"}', 'at the top'],
    ['{"act":{"sub":"a","sub":"b"}}', 'in a nested object'],
    ['{"a":[{"x":1,"x":1}]}', 'in an object inside an array'],
    ['{"s\\u0075b":"a","sub":"b"}', 'written once escaped'],
    ['{"__proto__":1,"__proto__":2}', 'as __proto__'],
  ])('refuses %s (a name twice %s)', (text) => {
    expect(parse(text)).toBeUndefined();
  });

  it.each([
    '{"sub":"a","act":{"sub":"b"}}',
    '{"u":"https://a.example:443/x","q":"\\":\\"","b":"\\\\","e":{}}',
    '{"a":[1,"x:y",{"k":":"}] , "b" : null}',
  ])('accepts %s (each object names each member once)', (text) => {
    expect(parse(text)).toEqual(JSON.parse(text));
  });
});
