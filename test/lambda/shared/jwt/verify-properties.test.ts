// Property tests of the shared pipeline (verifyJwt). (1) Any single character changed anywhere in a valid
// token, the last character of each segment included, is refused. (2) Differential against jose's
// jwtVerify, the oracle it replaces: on a generated corpus of right and wrong headers, claims, keys and
// tampering, ours accepts exactly what jose accepts and refuses the rest with the code of ours that
// stands for jose's (oursFor below), except where ours is stricter by design (non-canonical base64url,
// an empty payload, any crit, b64: false, time claims JSON makes infinite), where it must refuse
// whatever jose does.
import fc from 'fast-check';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createJwtValidator } from '../../../../lambda/validator/jwt-validator';
import { localKeySet } from '../../../../lambda/shared/jwt/local-key-set';
import { verifyJwt, type JwtExpectations } from '../../../../lambda/shared/jwt/verify';
import { signCompact, SIGNING_ALGS, signingKey, type SigningAlg, type SigningKey } from '../../validator/jws-signer';

const ISSUER = 'https://as.example.com';
const AUDIENCE = 'https://api.example.com';
const NOW = 1_800_000_000;
const EXPECT: JwtExpectations = { algorithms: [...SIGNING_ALGS], issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 30, nowMs: NOW * 1000 };

let keys: Record<SigningAlg, SigningKey>;
let impostors: Record<SigningAlg, SigningKey>;
beforeAll(async () => {
  const make = async (kidSuffix: string) =>
    Object.fromEntries(await Promise.all(SIGNING_ALGS.map(async (alg) => [alg, await signingKey(alg, `${alg.toLowerCase()}-key${kidSuffix}`)]))) as Record<SigningAlg, SigningKey>;
  keys = await make('');
  // Same kids, other key material: only the signature tells them apart.
  impostors = await make('');
}, 60_000);

const jwks = () => ({ keys: SIGNING_ALGS.map((alg) => keys[alg].publicJwk) });

type Outcome = { readonly code: string; readonly claim?: string; readonly reason?: string; readonly header?: string } | { readonly name: string };

/** jose's outcome: its code, and for claim failures which claim and why. */
async function joseOutcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { code: 'ACCEPTED' };
  } catch (error) {
    const { code, claim, reason, name } = error as { code?: string; claim?: string; reason?: string; name: string };
    return code === undefined ? { name } : { code, ...(claim === undefined ? {} : { claim, reason }) };
  }
}

/** Ours: the code, and the claim and reason, or the header parameter, at fault. */
async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { code: 'ACCEPTED' };
  } catch (error) {
    const { code, detail, name } = error as { code?: string; detail?: { claim?: string; reason?: string; header?: string }; name: string };
    if (code === undefined) return { name };
    if (detail?.claim !== undefined) return { code, claim: detail.claim, reason: detail.reason };
    return detail?.header === 'typ' || detail?.header === 'crit' ? { code, header: detail.header } : { code };
  }
}

/**
 * What ours answers where jose answers `jose`. Where one jose code covers faults ours tells apart, any of
 * them: ERR_JWS_INVALID is a malformed token, a missing alg or a malformed crit; ERR_JOSE_NOT_SUPPORTED
 * an alg we do not verify or a crit.
 */
function oursFor(jose: Outcome): Outcome[] {
  if (!('code' in jose)) return [{ code: 'ERR_JWT_INVALID' }];
  switch (jose.code) {
    case 'ACCEPTED':
    case 'ERR_JWT_EXPIRED':
      return [jose];
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return jose.claim === 'typ' ? [{ code: 'ERR_JWT_INVALID', header: 'typ' }] : [{ code: 'ERR_JWT_CLAIM', claim: jose.claim, reason: jose.reason }];
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return [{ code: 'ERR_JWT_ALGORITHM' }];
    case 'ERR_JOSE_NOT_SUPPORTED':
      return [{ code: 'ERR_JWT_ALGORITHM' }, { code: 'ERR_JWT_INVALID', header: 'crit' }];
    case 'ERR_JWS_INVALID':
      return [{ code: 'ERR_TOKEN_MALFORMED' }, { code: 'ERR_JWT_ALGORITHM' }, { code: 'ERR_JWT_INVALID', header: 'crit' }];
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return [{ code: 'ERR_JWT_SIGNATURE' }];
    default:
      return [{ code: jose.code }];
  }
}

const REPLACEMENTS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', '.', '=', '+', '/', ' ', '\n', '~', 'é', '\u0000'];

function replaceAt(token: string, index: number, replacement: string): string {
  const at = index % token.length;
  return token.slice(0, at) + replacement + token.slice(at + 1);
}

describe('verifyJwt: tampering', () => {
  it('refuses a valid token with any one character changed, anywhere', async () => {
    const tokens = Object.fromEntries(SIGNING_ALGS.map((alg) => [alg, signCompact(keys[alg], { alg, kid: keys[alg].kid, typ: 'at+jwt' }, { iss: ISSUER, aud: AUDIENCE, exp: NOW + 60, sub: 'u' })]));
    const keySet = localKeySet(jwks());
    for (const alg of SIGNING_ALGS) await expect(verifyJwt(tokens[alg], keySet, EXPECT)).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SIGNING_ALGS), fc.nat(), fc.constantFrom(...REPLACEMENTS), async (alg, index, replacement) => {
        const token = tokens[alg];
        fc.pre(token[index % token.length] !== replacement);
        expect(await outcomeOf(() => verifyJwt(replaceAt(token, index, replacement), keySet, EXPECT))).not.toEqual({ code: 'ACCEPTED' });
      }),
      { numRuns: 1500 },
    );
  });

  it('the validator also refuses a one-character change at the last character of any segment', async () => {
    const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [keys.ES256.publicJwk] }, clock: () => NOW * 1000, verifiedTokenCacheEntries: 0 });
    const token = signCompact(keys.ES256, { alg: 'ES256', kid: keys.ES256.kid }, { iss: ISSUER, aud: AUDIENCE, exp: NOW + 60, sub: 'u' });
    await expect(validator.verify(token)).resolves.toBeDefined();
    const segmentEnds = [token.indexOf('.') - 1, token.lastIndexOf('.') - 1, token.length - 1];
    for (const at of segmentEnds) {
      for (const replacement of REPLACEMENTS.filter((char) => char !== token[at])) {
        await expect(validator.verify(replaceAt(token, at, replacement))).rejects.toHaveProperty('status', 401);
      }
    }
  });
});

// The corpus: a valid token and its expectations, changed in up to three ways (none in about a quarter of
// the cases, so there is plenty for both sides to accept).
const perturbation = fc.oneof(
  fc.record({ kind: fc.constant('headerAlg' as const), value: fc.constantFrom<unknown>('none', 'HS256', 'RS256', 'PS256', 'ES256', 'ES384', 'EdDSA', '', 7) }),
  fc.record({ kind: fc.constant('kid' as const), value: fc.constantFrom<unknown>('nobody', undefined, 1) }),
  fc.record({ kind: fc.constant('typ' as const), value: fc.constantFrom<unknown>(undefined, 'JWT', 'application/at+jwt', 'AT+JWT', 5) }),
  fc.record({ kind: fc.constant('crit' as const), value: fc.constantFrom<unknown>(['exp-policy'], ['b64'], 'b64', [], ['']) }),
  fc.record({ kind: fc.constant('b64' as const), value: fc.constantFrom<unknown>(true, false, 'no') }),
  {
    // Weighted up: six claims times many values, each boundary worth reaching often.
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('claim' as const),
      name: fc.constantFrom('iss', 'aud', 'exp', 'nbf', 'iat', 'jti'),
      value: fc.constantFrom<unknown>(undefined, 'https://evil.example', ISSUER, AUDIENCE, [ISSUER], [AUDIENCE, 'x'], ['x'], [], 42, 'soon', null, NOW - 31, NOW - 30, NOW - 29, NOW, NOW + 29, NOW + 30, NOW + 31),
    }),
  },
  fc.record({ kind: fc.constant('infiniteExp' as const) }),
  fc.record({ kind: fc.constant('payload' as const), value: fc.constantFrom('[1,2]', 'not json', '"claims"', '', '{}') }),
  fc.record({ kind: fc.constant('impostor' as const) }),
  fc.record({ kind: fc.constant('tamper' as const), index: fc.nat(), replacement: fc.constantFrom(...REPLACEMENTS) }),
  fc.record({ kind: fc.constant('expectTyp' as const), value: fc.constantFrom('at+jwt', 'JWT') }),
  fc.record({ kind: fc.constant('required' as const), value: fc.constantFrom([], ['exp', 'jti'], ['iat'], ['nbf']) }),
  fc.record({ kind: fc.constant('noIssuerCheck' as const) }),
  fc.record({ kind: fc.constant('noAudienceCheck' as const) }),
  fc.record({ kind: fc.constant('tolerance' as const), value: fc.constantFrom(0, 30) }),
  fc.record({ kind: fc.constant('algorithms' as const), value: fc.constantFrom(['RS256', 'ES256', 'PS256', 'EdDSA'], ['ES256']) }),
);
const recipe = fc.record({ alg: fc.constantFrom(...SIGNING_ALGS), changes: fc.array(perturbation, { maxLength: 3 }) });
type Recipe = typeof recipe extends fc.Arbitrary<infer T> ? T : never;

interface Case {
  readonly token: string;
  readonly expect: JwtExpectations;
  /** Set where ours refuses by design what jose may accept (or refuse later, with another code). */
  readonly stricter: boolean;
}

function caseFor(r: Recipe): Case {
  let key = keys[r.alg];
  const header: Record<string, unknown> = { alg: r.alg, kid: key.kid, typ: 'at+jwt' };
  const claims: Record<string, unknown> = { iss: ISSUER, aud: AUDIENCE, sub: 'user-1', exp: NOW + 300, nbf: NOW - 10, iat: NOW - 10, jti: 'j-1' };
  let payload: string | undefined;
  let infiniteExp = false;
  let tamper: { index: number; replacement: string } | undefined;
  let expect: JwtExpectations = { ...EXPECT, requiredClaims: ['exp'] };
  for (const change of r.changes) {
    if (change.kind === 'headerAlg') header.alg = change.value;
    else if (change.kind === 'kid' || change.kind === 'typ' || change.kind === 'crit' || change.kind === 'b64') header[change.kind] = change.value;
    else if (change.kind === 'claim') claims[change.name] = change.value;
    else if (change.kind === 'infiniteExp') infiniteExp = true;
    else if (change.kind === 'payload') payload = change.value;
    else if (change.kind === 'impostor') key = impostors[r.alg];
    else if (change.kind === 'tamper') tamper = change;
    else if (change.kind === 'expectTyp') expect = { ...expect, typ: change.value };
    else if (change.kind === 'required') expect = { ...expect, requiredClaims: change.value };
    else if (change.kind === 'noIssuerCheck') expect = { ...expect, issuer: undefined };
    else if (change.kind === 'noAudienceCheck') expect = { ...expect, audience: undefined };
    else if (change.kind === 'tolerance') expect = { ...expect, clockToleranceSeconds: change.value };
    else expect = { ...expect, algorithms: change.value };
  }
  const claimsText = infiniteExp ? JSON.stringify({ ...claims, exp: 0 }).replace('"exp":0', '"exp":1e999') : JSON.stringify(claims);
  const signed = signCompact(key, header, payload ?? claimsText, r.alg);
  const token = tamper ? replaceAt(signed, tamper.index, tamper.replacement) : signed;
  const crit = header.crit;
  const stricter =
    !isCanonicalCompact(token) ||
    token.split('.')[1] === '' ||
    (Array.isArray(crit) && crit.includes('b64')) ||
    header.b64 === false ||
    (infiniteExp && payload === undefined);
  return { token, expect, stricter };
}

function isCanonicalCompact(token: string): boolean {
  const segments = token.split('.');
  return segments.length === 3 && segments.every((segment) => /^[A-Za-z0-9_-]*$/.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment);
}

describe('verifyJwt: differential against jose jwtVerify', () => {
  it('accepts what jose accepts and refuses the rest with the code that stands for jose\'s, or is stricter by design', async () => {
    const oursKeys = localKeySet(jwks());
    const joseKeys = createLocalJWKSet(jwks());
    const seen = { accepted: 0, refused: 0, stricter: 0 };
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(recipe, async (r) => {
        const { token, expect: expected, stricter } = caseFor(r);
        const jose = await joseOutcomeOf(() =>
          jwtVerify(token, joseKeys, {
            algorithms: [...expected.algorithms],
            issuer: expected.issuer,
            audience: expected.audience,
            typ: expected.typ,
            requiredClaims: [...(expected.requiredClaims ?? [])],
            clockTolerance: expected.clockToleranceSeconds,
            currentDate: new Date(expected.nowMs),
          }),
        );
        const ours = await outcomeOf(() => verifyJwt(token, oursKeys, expected));
        if (stricter) {
          seen.stricter++;
          expect(ours).not.toEqual({ code: 'ACCEPTED' });
        } else {
          if ('code' in jose && jose.code === 'ACCEPTED') seen.accepted++;
          else seen.refused++;
          codes.add('code' in jose ? jose.code : jose.name);
          expect(oursFor(jose)).toContainEqual(ours);
        }
      }),
      { numRuns: 1500 },
    );
    // The corpus must exercise all three kinds, or the property proves little.
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.refused).toBeGreaterThan(300);
    expect(seen.stricter).toBeGreaterThan(50);
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'ACCEPTED',
        'ERR_JOSE_ALG_NOT_ALLOWED',
        'ERR_JOSE_NOT_SUPPORTED',
        'ERR_JWKS_NO_MATCHING_KEY',
        'ERR_JWS_INVALID',
        'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
        'ERR_JWT_EXPIRED',
        'ERR_JWT_INVALID',
      ]),
    );
  }, 120_000);
});
