// verifyJwt, the one pipeline shared by the validator and the authorizer: every algorithm verifies, and
// every rejection path fails with our code for it (the claim and reason where a claim is at fault). Tokens are signed with
// node:crypto (jws-signer.ts), so headers and claims jose's signers would refuse can be sent.
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { exportJWK, importJWK } from 'jose';
import { localKeySet, type KeyResolver } from '../../../../lambda/shared/jwt/local-key-set';
import { verifyJwt, type JwtExpectations } from '../../../../lambda/shared/jwt/verify';
import { signCompact, SIGNING_ALGS, signingKey, type SigningAlg, type SigningKey } from '../../validator/jws-signer';

const ISSUER = 'https://as.example.com';
const AUDIENCE = 'https://api.example.com';
const NOW = 1_800_000_000;
const expectations: JwtExpectations = { algorithms: [...SIGNING_ALGS], issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 30, nowMs: NOW * 1000 };
const claims = (overrides: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: AUDIENCE, sub: 'user-1', iat: NOW - 10, exp: NOW + 300, ...overrides });

let keys: Record<SigningAlg, SigningKey>;
let keySet: KeyResolver;
beforeAll(async () => {
  keys = Object.fromEntries(await Promise.all(SIGNING_ALGS.map(async (alg) => [alg, await signingKey(alg)]))) as Record<SigningAlg, SigningKey>;
  keySet = localKeySet({ keys: SIGNING_ALGS.map((alg) => keys[alg].publicJwk) });
});

const token = (alg: SigningAlg, payload: string | object = claims(), header: Record<string, unknown> = {}) =>
  signCompact(keys[alg], { alg, kid: keys[alg].kid, typ: 'at+jwt', ...header }, payload);

/** The rejection's code and, for claim failures, which claim and why (what the error mappings read). */
async function refusal(jwt: string, expect: Partial<JwtExpectations> = {}, getKey: KeyResolver = keySet): Promise<Record<string, unknown>> {
  try {
    await verifyJwt(jwt, getKey, { ...expectations, ...expect });
  } catch (error) {
    const { code, detail, name } = error as { code?: string; detail?: { claim?: string; reason?: string }; name: string };
    const claim = detail?.claim;
    return code === undefined ? { name } : { code, ...(claim === undefined ? {} : { claim, reason: detail?.reason }) };
  }
  return { code: 'ACCEPTED' };
}

describe('verifyJwt: signatures', () => {
  it.each(SIGNING_ALGS)('verifies %s and returns the payload and header', async (alg) => {
    const { payload, header } = await verifyJwt(token(alg), keySet, expectations);
    expect(payload).toEqual(claims());
    expect(header).toEqual({ alg, kid: keys[alg].kid, typ: 'at+jwt' });
  });

  it.each(SIGNING_ALGS)('refuses %s signed by another key with the same kid', async (alg) => {
    const other = { ...(await signingKey(alg)), kid: keys[alg].kid };
    expect(await refusal(signCompact(other, { alg, kid: other.kid }, claims()))).toEqual({ code: 'ERR_JWT_SIGNATURE' });
  });

  it('refuses an empty signature, one of the wrong length, and a DER-encoded ECDSA signature', async () => {
    const [header, payload, signature] = token('ES256').split('.');
    expect(await refusal(`${header}.${payload}.`)).toEqual({ code: 'ERR_JWT_SIGNATURE' });
    const raw = Buffer.from(signature, 'base64url');
    expect(await refusal(`${header}.${payload}.${raw.subarray(0, 63).toString('base64url')}`)).toEqual({ code: 'ERR_JWT_SIGNATURE' });
    const der = derSignature(raw.subarray(0, 32), raw.subarray(32));
    expect(await refusal(`${header}.${payload}.${der.toString('base64url')}`)).toEqual({ code: 'ERR_JWT_SIGNATURE' });
    const [rsHeader, rsPayload, rsSignature] = token('RS256').split('.');
    expect(await refusal(`${rsHeader}.${rsPayload}.${Buffer.concat([Buffer.alloc(1), Buffer.from(rsSignature, 'base64url')]).toString('base64url')}`)).toEqual({
      code: 'ERR_JWT_SIGNATURE',
    });
  });

  it('refuses an RS256 signature presented as PS256, and the other way round', async () => {
    expect(await refusal(signCompact(keys.RS256, { alg: 'PS256', kid: keys.RS256.kid }, claims(), 'RS256'), {}, localKeySet({ keys: [{ ...keys.RS256.publicJwk, alg: undefined }] }))).toEqual({
      code: 'ERR_JWT_SIGNATURE',
    });
    expect(await refusal(signCompact(keys.PS256, { alg: 'RS256', kid: keys.PS256.kid }, claims(), 'PS256'), {}, localKeySet({ keys: [{ ...keys.PS256.publicJwk, alg: undefined }] }))).toEqual({
      code: 'ERR_JWT_SIGNATURE',
    });
  });
});

describe('verifyJwt: algorithm', () => {
  it('refuses a missing, empty or non-string alg as ERR_JWT_ALGORITHM', async () => {
    for (const alg of [undefined, '', 256]) {
      expect(await refusal(signCompact(keys.ES256, { alg, kid: keys.ES256.kid }, claims(), 'ES256'))).toEqual({ code: 'ERR_JWT_ALGORITHM' });
    }
  });

  it('refuses an alg outside the allow-list, none and HS256 included, as ERR_JWT_ALGORITHM', async () => {
    expect(await refusal(token('ES256'), { algorithms: ['RS256'] })).toEqual({ code: 'ERR_JWT_ALGORITHM' });
    const unsigned = `${b64({ alg: 'none' })}.${b64(claims())}.`;
    expect(await refusal(unsigned)).toEqual({ code: 'ERR_JWT_ALGORITHM' });
    expect(await refusal(`${b64({ alg: 'HS256', kid: keys.RS256.kid })}.${b64(claims())}.c2ln`)).toEqual({ code: 'ERR_JWT_ALGORITHM' });
  });

  it('refuses a symmetric or unknown alg even when the caller allows it, as ERR_JWT_ALGORITHM', async () => {
    for (const alg of ['HS256', 'none', 'ML-DSA-44']) {
      expect(await refusal(`${b64({ alg })}.${b64(claims())}.c2ln`, { algorithms: [alg] })).toEqual({ code: 'ERR_JWT_ALGORITHM' });
    }
  });

  it('refuses any crit, well-formed or not, and b64: false, as ERR_JWT_INVALID', async () => {
    expect(await refusal(token('ES256', claims(), { crit: ['exp-policy'], 'exp-policy': 1 }))).toEqual({ code: 'ERR_JWT_INVALID' });
    expect(await refusal(token('ES256', claims(), { crit: 'b64' }))).toEqual({ code: 'ERR_JWT_INVALID' });
    expect(await refusal(token('ES256', claims(), { b64: false }))).toEqual({ code: 'ERR_JWT_INVALID' });
  });
});

describe('verifyJwt: keys', () => {
  it('refuses an unknown kid, and several candidates for a token without kid, as ERR_JWT_SIGNATURE', async () => {
    expect(await refusal(token('ES256', claims(), { kid: 'nobody' }))).toEqual({ code: 'ERR_JWT_SIGNATURE' });
    const second = await signingKey('RS256', 'second');
    const twoRsaKeys = localKeySet({ keys: [keys.RS256.publicJwk, second.publicJwk].map(({ kid: _kid, ...jwk }) => jwk) });
    expect(await refusal(token('RS256', claims(), { kid: undefined }), {}, twoRsaKeys)).toEqual({ code: 'ERR_JWT_SIGNATURE' });
    expect(await refusal(token('ES256', claims(), { kid: undefined }), {}, twoRsaKeys)).toEqual({ code: 'ERR_JWT_SIGNATURE' });
  });

  it('verifies with a KeyObject or a CryptoKey a resolver returns', async () => {
    const publicKey = await importJWK(keys.ES256.publicJwk, 'ES256');
    await expect(verifyJwt(token('ES256'), () => publicKey as never, expectations)).resolves.toBeDefined();
    await expect(verifyJwt(token('ES256'), () => KeyObject.from(publicKey as never), expectations)).resolves.toBeDefined();
  });

  it('refuses, as ERR_JWT_INVALID, a key that cannot verify the alg', async () => {
    const rsaKey = await importJWK(keys.RS256.publicJwk, 'RS256');
    const p384 = await importJWK(keys.ES384.publicJwk, 'ES384');
    const psKey = await importJWK({ ...keys.RS256.publicJwk, alg: 'PS256' }, 'PS256');
    const rs512Key = await importJWK({ ...keys.RS256.publicJwk, alg: 'RS512' }, 'RS512');
    const secret = KeyObject.from(await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']));
    const cases: Array<[string, SigningAlg, unknown]> = [
      ['an RSA key for ES256', 'ES256', rsaKey],
      ['a P-384 key for ES256', 'ES256', p384],
      ['a P-384 KeyObject for ES256', 'ES256', KeyObject.from(p384 as never)],
      ['an RSA-PSS CryptoKey for RS256', 'RS256', psKey],
      ['an RS512 CryptoKey for RS256', 'RS256', rs512Key],
      ['an EC key for EdDSA', 'EdDSA', p384],
      ['a private key', 'ES256', createPrivateKey({ key: keys.ES256.privateKey.export({ format: 'jwk' }), format: 'jwk' })],
      ['a secret key', 'ES256', secret],
      ['raw bytes', 'ES256', new Uint8Array(32)],
      ['a JWK', 'ES256', keys.ES256.publicJwk],
    ];
    for (const [name, alg, key] of cases) {
      expect([name, await refusal(token(alg), {}, () => key as never)]).toEqual([name, { code: 'ERR_JWT_INVALID' }]);
    }
  });

  it('refuses an RSA key under 2048 bits (ERR_JWT_INVALID; jose refuses it too)', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const key: SigningKey = { alg: 'RS256', kid: 'small', privateKey: small.privateKey, publicJwk: { ...(await exportJWK(small.publicKey)), kid: 'small', alg: 'RS256' } };
    expect(await refusal(signCompact(key, { alg: 'RS256', kid: 'small' }, claims()), {}, () => small.publicKey)).toEqual({ code: 'ERR_JWT_INVALID' });
  });

  it('verifies PS256 with an rsa-pss KeyObject, and refuses one restricted to another hash', async () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const restricted = restrictedPssKeyPair('sha512', 64);
    const signer = (privateKey: KeyObject): SigningKey => ({ alg: 'PS256', kid: 'pss', privateKey, publicJwk: {} });
    await expect(verifyJwt(signCompact(signer(pss.privateKey), { alg: 'PS256' }, claims()), () => pss.publicKey, expectations)).resolves.toBeDefined();
    expect(await refusal(signCompact(signer(pss.privateKey), { alg: 'PS256' }, claims()), {}, () => restricted.publicKey)).toEqual({ code: 'ERR_JWT_INVALID' });
    const longSalt = restrictedPssKeyPair('sha256', 64);
    expect(await refusal(signCompact(signer(pss.privateKey), { alg: 'PS256' }, claims()), {}, () => longSalt.publicKey)).toEqual({ code: 'ERR_JWT_INVALID' });
  });
});

describe('verifyJwt: claims', () => {
  it('refuses a payload that is not a JSON object, or not UTF-8, as ERR_JWT_INVALID', async () => {
    for (const payload of ['not json', '[1,2]', '"claims"', 'null']) {
      expect(await refusal(token('ES256', payload))).toEqual({ code: 'ERR_JWT_INVALID' });
    }
    const latin1 = Buffer.from('{"sub":"caf\xe9"}', 'latin1').toString('base64url');
    const header = b64({ alg: 'EdDSA', kid: keys.EdDSA.kid });
    const { sign } = await import('node:crypto');
    const signature = sign(null, Buffer.from(`${header}.${latin1}`), keys.EdDSA.privateKey).toString('base64url');
    expect(await refusal(`${header}.${latin1}.${signature}`)).toEqual({ code: 'ERR_JWT_INVALID' });
  });

  it.each([
    ['no iss', claims({ iss: undefined }), { claim: 'iss', reason: 'missing' }],
    ['another iss', claims({ iss: 'https://evil.example' }), { claim: 'iss', reason: 'check_failed' }],
    ['an iss array', claims({ iss: [ISSUER] }), { claim: 'iss', reason: 'check_failed' }],
    ['no aud', claims({ aud: undefined }), { claim: 'aud', reason: 'missing' }],
    ['another aud', claims({ aud: 'https://other.example' }), { claim: 'aud', reason: 'check_failed' }],
    ['an aud array without ours', claims({ aud: ['https://other.example'] }), { claim: 'aud', reason: 'check_failed' }],
    ['nbf past the tolerance', claims({ nbf: NOW + 31 }), { claim: 'nbf', reason: 'check_failed' }],
    ['a string iat', claims({ iat: 'yesterday' }), { claim: 'iat', reason: 'invalid' }],
    ['a string nbf', claims({ nbf: 'now' }), { claim: 'nbf', reason: 'invalid' }],
    ['a string exp', claims({ exp: 'later' }), { claim: 'exp', reason: 'invalid' }],
  ])('refuses %s as ERR_JWT_CLAIM', async (_name, payload, detail) => {
    expect(await refusal(token('ES256', JSON.stringify(payload)))).toEqual({ code: 'ERR_JWT_CLAIM', ...detail });
  });

  it('refuses exp at or past now minus the tolerance as ERR_JWT_EXPIRED, and accepts it inside', async () => {
    expect(await refusal(token('ES256', claims({ exp: NOW - 30 })))).toEqual({ code: 'ERR_JWT_EXPIRED', claim: 'exp', reason: 'check_failed' });
    expect(await refusal(token('ES256', claims({ exp: NOW - 29, nbf: NOW + 30 })))).toEqual({ code: 'ACCEPTED' });
  });

  it('refuses a time claim JSON makes infinite (stricter than jose, which would never expire it)', async () => {
    const payload = JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e999');
    expect(await refusal(token('ES256', payload))).toEqual({ code: 'ERR_JWT_CLAIM', claim: 'exp', reason: 'invalid' });
  });

  it('accepts aud as an array containing ours; checks neither iss nor aud when not asked', async () => {
    expect(await refusal(token('ES256', claims({ aud: ['https://other.example', AUDIENCE] })))).toEqual({ code: 'ACCEPTED' });
    expect(await refusal(token('ES256', claims({ iss: undefined, aud: undefined })), { issuer: undefined, audience: undefined })).toEqual({ code: 'ACCEPTED' });
  });

  it('checks typ as a media type when asked', async () => {
    expect(await refusal(token('ES256', claims(), { typ: 'application/AT+JWT' }), { typ: 'at+jwt' })).toEqual({ code: 'ACCEPTED' });
    expect(await refusal(token('ES256', claims(), { typ: 'JWT' }), { typ: 'at+jwt' })).toEqual({ code: 'ERR_JWT_INVALID' });
    expect(await refusal(token('ES256', claims(), { typ: undefined }), { typ: 'at+jwt' })).toEqual({ code: 'ERR_JWT_INVALID' });
  });

  it('requires the required claims, last listed first, after iss and aud', async () => {
    expect(await refusal(token('ES256', claims({ exp: undefined })), { requiredClaims: ['exp'] })).toEqual({ code: 'ERR_JWT_CLAIM', claim: 'exp', reason: 'missing' });
    expect(await refusal(token('ES256', claims({ exp: undefined, jti: undefined })), { requiredClaims: ['exp', 'jti'] })).toMatchObject({ claim: 'jti' });
    expect(await refusal(token('ES256', claims({ exp: undefined, iss: undefined })), { requiredClaims: ['exp'] })).toMatchObject({ claim: 'iss' });
  });
});

// @types/node 20 types saltLength as a string; Node takes the number of bytes.
const restrictedPssKeyPair = (hash: string, saltLength: number) =>
  generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: hash, mgf1HashAlgorithm: hash, saltLength: saltLength as unknown as string });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** ASN.1 DER SEQUENCE of two INTEGERs, what OpenSSL emits by default for ECDSA. */
function derSignature(r: Buffer, s: Buffer): Buffer {
  const integer = (bytes: Buffer) => {
    let value = bytes;
    while (value.length > 1 && value[0] === 0 && value[1] < 0x80) value = value.subarray(1);
    if (value[0] >= 0x80) value = Buffer.concat([Buffer.alloc(1), value]);
    return Buffer.concat([Buffer.from([0x02, value.length]), value]);
  };
  const body = Buffer.concat([integer(r), integer(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
