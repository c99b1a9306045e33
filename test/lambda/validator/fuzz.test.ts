// Property tests: whatever arrives as a token or an Authorization header, the validator answers with a
// coded PhantomTokenError, never another exception.
import fc from 'fast-check';
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import { checkTimeClaims } from '../../../lambda/shared/jwt/claims-set';
import { extractToken } from '../../../lambda/validator/token-sources';
import { PhantomTokenError } from '../../../lambda/shared/errors';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKey, mint, NOW_SECONDS, restEvent, type TestKey } from './token-factory';

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('ES256');
});

const segment = fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/);
const b64json = fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url'));

describe('validator properties', () => {
  it('any string is refused with a coded error', async () => {
    const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(key), clock: fixedClock() });
    const tokens = fc.oneof(fc.string({ maxLength: 200 }), fc.tuple(b64json, b64json, segment).map((parts) => parts.join('.')), fc.array(segment, { maxLength: 7 }).map((parts) => parts.join('.')));
    await fc.assert(
      fc.asyncProperty(tokens, async (token) => {
        const error = await validator.verify(token).then(() => undefined, (caught) => caught);
        expect(error).toBeInstanceOf(PhantomTokenError);
        expect([401, 503]).toContain((error as PhantomTokenError).status);
      }),
      { numRuns: 300 },
    );
  });

  it('a single flipped character in a valid token is refused', async () => {
    const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(key), clock: fixedClock(), verifiedTokenCacheEntries: 0 });
    const token = await mint(key);
    await fc.assert(
      fc.asyncProperty(fc.nat(token.length - 1), fc.constantFrom('A', 'b', '_', '-', '.'), async (index, replacement) => {
        // The last character of a base64url part may carry only padding bits, so changing it can leave
        // the decoded bytes unchanged; those positions are not a tampering test.
        fc.pre(token[index] !== replacement && index !== token.length - 1 && token[index + 1] !== '.');
        const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
        const error = await validator.verify(tampered).then(() => undefined, (caught) => caught);
        expect(error).toBeInstanceOf(PhantomTokenError);
      }),
      { numRuns: 150 },
    );
  });

  it('any Authorization header yields a token or a coded error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (header) => {
        try {
          const token = extractToken(restEvent(undefined, { headers: { Authorization: header } }), ['authorization-header']);
          expect(header.toLowerCase().startsWith('bearer ')).toBe(true);
          expect(header).toContain(token);
        } catch (error) {
          expect(error).toBeInstanceOf(PhantomTokenError);
        }
      }),
    );
  });

  it('time claims that are not numbers are refused', () => {
    for (const exp of ['soon', null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkTimeClaims({ exp }, NOW_SECONDS * 1000, { clockToleranceSeconds: 30 })).toThrow(expect.objectContaining({ code: 'ERR_JWT_CLAIM' }));
    }
  });
});
