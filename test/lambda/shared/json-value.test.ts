import fc from 'fast-check';
import { jsonValue } from '../../../lambda/shared/json-value';

describe('jsonValue', () => {
  it('writes exactly what JSON.stringify writes, for any JSON-ish value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue()), (value) => {
        expect(jsonValue(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes what must be escaped and writes null for non-finite numbers', () => {
    for (const value of ['a"b', 'a\\b', 'line\nbreak', '\u0000', '\u007f', 'é', '\u2028', '</script>', '', NaN, Infinity, -0]) {
      expect(jsonValue(value)).toBe(JSON.stringify(value));
    }
  });

  it('leaves out what JSON.stringify leaves out of an object', () => {
    expect(jsonValue(() => 1)).toBeUndefined();
    expect(jsonValue(Symbol('s'))).toBeUndefined();
    expect(jsonValue(undefined)).toBeUndefined();
  });
});
