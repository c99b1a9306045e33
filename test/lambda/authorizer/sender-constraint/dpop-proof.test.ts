import { generateKeyPair, generateProof } from 'dpop';
import { DpopProofChecker, normalizedUrl } from '../../../../lambda/authorizer/sender-constraint/dpop-proof';
import { jwkThumbprint } from '../../../../lambda/authorizer/sender-constraint/jwk-thumbprint';
import { TokenError } from '../../../../lambda/shared/errors';
import { ath, ecKey, es256Proof, hs256Proof, proofClaims, unsignedProof } from './proof-jws';

const TOKEN = 'opaque-access-token.abc';
const URL_ = 'https://api.example.com/invoices';
const checker = new DpopProofChecker(['ES256', 'PS256', 'RS256', 'EdDSA']);
const expect_ = (overrides: Partial<Parameters<DpopProofChecker['check']>[1]> = {}) => ({
  method: 'GET',
  url: URL_,
  accessToken: TOKEN,
  nowMs: Date.now(),
  windowSeconds: 60,
  ...overrides,
});

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenError) return error.code;
    throw error;
  }
  return undefined;
}

describe('DpopProofChecker with proofs from panva/dpop', () => {
  it.each(['ES256', 'PS256', 'RS256', 'Ed25519'] as const)('accepts a fresh %s proof and reports its key thumbprint', async (alg) => {
    const keys = await generateKeyPair(alg);
    const proof = await generateProof(keys, URL_, 'GET', undefined, TOKEN);
    const checked = checker.check([proof], expect_());
    const publicJwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
    expect(checked.jkt).toBe(jwkThumbprint(publicJwk as Record<string, unknown>));
    expect(typeof checked.jti).toBe('string');
  });

  it('ignores the query and fragment of the request URL and normalizes host case and default port', async () => {
    const keys = await generateKeyPair('ES256');
    const proof = await generateProof(keys, 'https://API.example.com:443/invoices', 'GET', undefined, TOKEN);
    expect(codeOf(() => checker.check([proof], expect_({ url: `${URL_}?page=2#top` })))).toBeUndefined();
  });

  it('refuses a proof for another method (ERR_DPOP_PROOF_HTM) or URL (ERR_DPOP_PROOF_HTU)', async () => {
    const keys = await generateKeyPair('ES256');
    const proof = await generateProof(keys, URL_, 'POST', undefined, TOKEN);
    expect(codeOf(() => checker.check([proof], expect_()))).toBe('ERR_DPOP_PROOF_HTM');
    const other = await generateProof(keys, 'https://api.example.com/streams', 'GET', undefined, TOKEN);
    expect(codeOf(() => checker.check([other], expect_()))).toBe('ERR_DPOP_PROOF_HTU');
    const otherHost = await generateProof(keys, 'https://evil.example.com/invoices', 'GET', undefined, TOKEN);
    expect(codeOf(() => checker.check([otherHost], expect_()))).toBe('ERR_DPOP_PROOF_HTU');
  });

  it('refuses a proof without ath, or for another token (ERR_DPOP_PROOF_ATH)', async () => {
    const keys = await generateKeyPair('ES256');
    expect(codeOf(() => checker.check([], expect_()))).toBe('ERR_DPOP_PROOF_MISSING');
    const withoutAth = await generateProof(keys, URL_, 'GET');
    expect(codeOf(() => checker.check([withoutAth], expect_()))).toBe('ERR_DPOP_PROOF_ATH');
    const otherToken = await generateProof(keys, URL_, 'GET', undefined, 'another-token');
    expect(codeOf(() => checker.check([otherToken], expect_()))).toBe('ERR_DPOP_PROOF_ATH');
  });

  it('refuses a stale or future iat (ERR_DPOP_PROOF_IAT)', async () => {
    const keys = await generateKeyPair('ES256');
    const proof = await generateProof(keys, URL_, 'GET', undefined, TOKEN);
    expect(codeOf(() => checker.check([proof], expect_({ nowMs: Date.now() + 61_000 })))).toBe('ERR_DPOP_PROOF_IAT');
    expect(codeOf(() => checker.check([proof], expect_({ nowMs: Date.now() - 61_000 })))).toBe('ERR_DPOP_PROOF_IAT');
  });

  it('refuses two DPoP headers (ERR_DPOP_PROOF_MULTIPLE)', async () => {
    const keys = await generateKeyPair('ES256');
    const proof = await generateProof(keys, URL_, 'GET', undefined, TOKEN);
    expect(codeOf(() => checker.check([proof, proof], expect_()))).toBe('ERR_DPOP_PROOF_MULTIPLE');
  });
});

describe('DpopProofChecker with hand-made proofs', () => {
  const key = ecKey();
  const good = () => proofClaims({ ath: ath(TOKEN) });

  it('accepts the hand-made baseline, so each refusal below is its one change', () => {
    expect(checker.check([es256Proof(key, good())], expect_()).jkt).toBe(jwkThumbprint(key.publicJwk));
  });

  it.each([
    ['not a JWS', 'not-a-jws', 'ERR_DPOP_PROOF_MALFORMED'],
    ['a header that is not JSON', 'bm90IGpzb24.e30.c2ln', 'ERR_DPOP_PROOF_MALFORMED'],
    ['an 8 KB proof', `${'a'.repeat(9000)}.e30.c2ln`, 'ERR_DPOP_PROOF_MALFORMED'],
  ])('refuses %s', (_name, proof, code) => {
    expect(codeOf(() => checker.check([proof], expect_()))).toBe(code);
  });

  it('refuses alg none and HS256 (ERR_DPOP_PROOF_ALG), and an alg off the allow-list', () => {
    expect(codeOf(() => checker.check([unsignedProof(key, good())], expect_()))).toBe('ERR_DPOP_PROOF_ALG');
    expect(codeOf(() => checker.check([hs256Proof(key, good())], expect_()))).toBe('ERR_DPOP_PROOF_ALG');
    const strict = new DpopProofChecker(['EdDSA']);
    expect(codeOf(() => strict.check([es256Proof(key, good())], expect_()))).toBe('ERR_DPOP_PROOF_ALG');
  });

  it('refuses a typ other than dpop+jwt (ERR_DPOP_PROOF_TYP) and critical headers', () => {
    expect(codeOf(() => checker.check([es256Proof(key, good(), { typ: 'JWT' })], expect_()))).toBe('ERR_DPOP_PROOF_TYP');
    expect(codeOf(() => checker.check([es256Proof(key, good(), { crit: ['exp'] })], expect_()))).toBe('ERR_DPOP_PROOF_MALFORMED');
  });

  it('refuses a private key in jwk, no jwk, a symmetric jwk, and a jwk that does not fit the alg (ERR_DPOP_PROOF_JWK)', () => {
    const privateJwk = key.privateKey.export({ format: 'jwk' });
    expect(codeOf(() => checker.check([es256Proof(key, good(), { jwk: privateJwk })], expect_()))).toBe('ERR_DPOP_PROOF_JWK');
    expect(codeOf(() => checker.check([es256Proof(key, good(), { jwk: undefined })], expect_()))).toBe('ERR_DPOP_PROOF_JWK');
    expect(codeOf(() => checker.check([es256Proof(key, good(), { jwk: { kty: 'oct', k: 'c2VjcmV0' } })], expect_()))).toBe('ERR_DPOP_PROOF_JWK');
    const p384 = { kty: 'EC', crv: 'P-384', x: key.publicJwk.x, y: key.publicJwk.y };
    expect(codeOf(() => checker.check([es256Proof(key, good(), { jwk: p384 })], expect_()))).toBe('ERR_DPOP_PROOF_JWK');
  });

  it('refuses a proof signed by another key than its jwk (ERR_DPOP_PROOF_SIGNATURE)', () => {
    const other = ecKey();
    expect(codeOf(() => checker.check([es256Proof(other, good(), { jwk: key.publicJwk })], expect_()))).toBe('ERR_DPOP_PROOF_SIGNATURE');
  });

  it('refuses a proof without a jti (ERR_DPOP_PROOF_JTI) and a non-numeric iat (ERR_DPOP_PROOF_IAT)', () => {
    expect(codeOf(() => checker.check([es256Proof(key, { ...good(), jti: undefined })], expect_()))).toBe('ERR_DPOP_PROOF_JTI');
    expect(codeOf(() => checker.check([es256Proof(key, { ...good(), iat: String(Math.floor(Date.now() / 1000)) })], expect_()))).toBe('ERR_DPOP_PROOF_IAT');
  });

  it('refuses an htu that is not an http(s) URL', () => {
    expect(codeOf(() => checker.check([es256Proof(key, { ...good(), htu: 'urn:example' })], expect_()))).toBe('ERR_DPOP_PROOF_HTU');
    expect(normalizedUrl('ftp://x/y')).toBeUndefined();
  });
});
