import fc from 'fast-check';
import { MAX_TOKEN_LENGTH, parseBearer } from '../../../lambda/shared/bearer';
import { TokenError } from '../../../lambda/shared/errors';

function codeOf(values: string[]): string | undefined {
  try {
    parseBearer(values);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return (error as TokenError).code;
  }
}

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/'.split('');
const b64token = fc
  .tuple(fc.array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: 200 }), fc.nat({ max: 3 }))
  .map(([chars, pad]) => chars.join('') + '='.repeat(pad));

describe('parseBearer', () => {
  it('returns the token of a well-formed header, whatever the scheme case', () => {
    expect(parseBearer(['Bearer abc.DEF-123'])).toBe('abc.DEF-123');
    expect(parseBearer(['bearer abc'])).toBe('abc');
    expect(parseBearer(['BEARER abc=='])).toBe('abc==');
    expect(parseBearer(['  Bearer   abc  '])).toBe('abc');
  });

  it.each([
    ['no header', [], 'ERR_TOKEN_MISSING'],
    ['empty header', [''], 'ERR_TOKEN_MISSING'],
    ['blank header', ['   '], 'ERR_TOKEN_MISSING'],
    ['scheme only', ['Bearer'], 'ERR_TOKEN_MALFORMED'],
    ['scheme and space', ['Bearer '], 'ERR_TOKEN_MALFORMED'],
    ['wrong scheme', ['Basic dXNlcjpwYXNz'], 'ERR_TOKEN_MALFORMED'],
    ['no scheme', ['abc'], 'ERR_TOKEN_MALFORMED'],
    ['two tokens', ['Bearer abc def'], 'ERR_TOKEN_MALFORMED'],
    ['two credentials in one header', ['Bearer abc, Bearer def'], 'ERR_TOKEN_MALFORMED'],
    ['two headers', ['Bearer abc', 'Bearer def'], 'ERR_TOKEN_MALFORMED'],
    ['non-ASCII', ['Bearer abcé'], 'ERR_TOKEN_MALFORMED'],
    ['control character', ['Bearer ab\u0000c'], 'ERR_TOKEN_MALFORMED'],
    ['padding inside', ['Bearer ab=c'], 'ERR_TOKEN_MALFORMED'],
    ['tab separator', ['Bearer\tabc'], 'ERR_TOKEN_MALFORMED'],
    ['oversized', [`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`], 'ERR_TOKEN_MALFORMED'],
    ['very oversized', [`Bearer ${'a'.repeat(100_000)}`], 'ERR_TOKEN_MALFORMED'],
  ])('%s is a 401 (%s)', (_name, values, code) => {
    expect(codeOf(values as string[])).toBe(code);
  });

  it('accepts a token of exactly the maximum length', () => {
    expect(parseBearer([`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH)}`])).toHaveLength(MAX_TOKEN_LENGTH);
  });

  it('property: any b64token round-trips through any scheme casing', () => {
    fc.assert(
      fc.property(b64token, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (token, upper) => {
        const scheme = [...'bearer'].map((char, index) => (upper[index] ? char.toUpperCase() : char)).join('');
        expect(parseBearer([`${scheme} ${token}`])).toBe(token);
      }),
    );
  });

  it('property: arbitrary strings either parse to a valid token or fail with a TokenError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 50 }), (a, b) => {
        for (const header of [a, `Bearer ${a}`, `Bearer ${b}`]) {
          try {
            const token = parseBearer([header]);
            expect(token).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/);
            expect(header).toContain(token);
          } catch (error) {
            expect(error).toBeInstanceOf(TokenError);
          }
        }
      }),
    );
  });

  it('property: a header with whitespace inside the token never parses', () => {
    fc.assert(
      fc.property(b64token, b64token, fc.constantFrom(' ', '\t', ','), (left, right, separator) => {
        expect(codeOf([`Bearer ${left}${separator}${right}`])).toBe('ERR_TOKEN_MALFORMED');
      }),
    );
  });
});
