// Every JWT attack class the issue lists, each refused with its code and none throwing anything but a
// PhantomTokenError.
import { createHmac, KeyObject, sign } from 'node:crypto';
import { CompactSign } from 'jose';
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import { PhantomTokenError } from '../../../lambda/shared/errors';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKey, makeKeys, mint, NOW_SECONDS, phantomClaims, type TestAlg, type TestKey } from './token-factory';
import { startJwksServer, type JwksServer } from './jwks-server';

let keys: Record<TestAlg, TestKey>;
let attacker: TestKey;
let attackerServer: JwksServer;
beforeAll(async () => {
  keys = await makeKeys();
  // The attacker's key reuses the real kid, so only "which JWKS" decides.
  attacker = await makeKey('RS256', keys.RS256.kid);
  attackerServer = await startJwksServer(jwksOf(attacker));
});
afterAll(() => attackerServer.stop());

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function validator() {
  return createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.RS256, keys.ES256, keys.EdDSA), clock: fixedClock(), tokenType: 'at+jwt' });
}

async function refusal(token: string): Promise<PhantomTokenError> {
  try {
    await validator().verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(PhantomTokenError);
    expect((error as PhantomTokenError).message).not.toContain(token);
    return error as PhantomTokenError;
  }
  throw new Error('the token was accepted');
}

describe('JWT attack classes', () => {
  it('alg none (unsigned)', async () => {
    const token = `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(phantomClaims())}.`;
    expect((await refusal(token)).code).toBe('ERR_JWT_ALGORITHM');
    expect((await refusal(`${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(phantomClaims())}.c2ln`)).code).toBe('ERR_JWT_ALGORITHM');
  });

  it('HS256 signed with the public key as the HMAC secret', async () => {
    const header = b64({ alg: 'HS256', typ: 'at+jwt', kid: keys.RS256.kid });
    const payload = b64(phantomClaims());
    const secret = JSON.stringify(keys.RS256.publicJwk);
    const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    const error = await refusal(`${header}.${payload}.${signature}`);
    expect(error.code).toBe('ERR_JWT_ALGORITHM');
    expect(error.detail).toMatchObject({ found: 'HS256' });
  });

  it('an allowed alg that the key does not match (ES256 header, RSA kid)', async () => {
    const token = await mint(keys.ES256, { header: { kid: keys.RS256.kid } });
    expect((await refusal(token)).code).toBe('ERR_JWT_SIGNATURE');
  });

  it('a kid not in the JWKS', async () => {
    const stranger = await makeKey('ES256', 'unknown-kid');
    expect((await refusal(await mint(stranger))).code).toBe('ERR_JWT_SIGNATURE');
  });

  it.each(['jku', 'x5u'])('a %s header pointing at the attacker\'s key server is never followed', async (name) => {
    const before = attackerServer.requests();
    const token = await mint(attacker, { header: { [name]: attackerServer.url } });
    expect((await refusal(token)).code).toBe('ERR_JWT_SIGNATURE');
    expect(attackerServer.requests()).toBe(before);
  });

  it('an embedded jwk header carrying the attacker\'s key is never used', async () => {
    const token = await mint(attacker, { header: { jwk: attacker.publicJwk } });
    expect((await refusal(token)).code).toBe('ERR_JWT_SIGNATURE');
  });

  it('a signature from another key with the right kid', async () => {
    expect((await refusal(await mint(attacker))).code).toBe('ERR_JWT_SIGNATURE');
  });

  it('a tampered payload', async () => {
    const [header, , signature] = (await mint(keys.ES256)).split('.');
    const forged = `${header}.${b64(phantomClaims({ subscriber_id: 'sub-2002' }))}.${signature}`;
    expect((await refusal(forged)).code).toBe('ERR_JWT_SIGNATURE');
  });

  it('an expired token', async () => {
    expect((await refusal(await mint(keys.EdDSA, { claims: phantomClaims({ exp: NOW_SECONDS - 3600 }) }))).code).toBe('ERR_JWT_EXPIRED');
  });

  it('a token that is not valid yet', async () => {
    const error = await refusal(await mint(keys.EdDSA, { claims: phantomClaims({ nbf: NOW_SECONDS + 3600 }) }));
    expect(error).toMatchObject({ code: 'ERR_JWT_CLAIM', detail: { claim: 'nbf' } });
  });

  it('a wrong issuer', async () => {
    const error = await refusal(await mint(keys.RS256, { claims: phantomClaims({ iss: 'https://evil.example.com' }) }));
    expect(error).toMatchObject({ code: 'ERR_JWT_CLAIM', detail: { claim: 'iss' } });
  });

  it('a wrong audience, and no audience', async () => {
    const wrong = await refusal(await mint(keys.RS256, { claims: phantomClaims({ aud: 'https://other-api.example.com' }) }));
    expect(wrong).toMatchObject({ code: 'ERR_JWT_CLAIM', detail: { claim: 'aud' } });
    const claims = phantomClaims();
    delete claims.aud;
    expect((await refusal(await mint(keys.RS256, { claims }))).code).toBe('ERR_JWT_CLAIM');
  });

  it.each([['JWT'], ['token-introspection+jwt'], [null]])('a wrong typ (%s) when at+jwt is required', async (typ) => {
    const error = await refusal(await mint(keys.ES256, { typ }));
    expect(error).toMatchObject({ code: 'ERR_JWT_INVALID', detail: { header: 'typ', expected: 'at+jwt' } });
  });

  it('an unknown crit header, correctly signed', async () => {
    // jose refuses to sign an unknown crit, so this token is signed with node:crypto directly.
    const header = b64({ alg: 'RS256', kid: keys.RS256.kid, typ: 'at+jwt', crit: ['exp-policy'], 'exp-policy': 'strict' });
    const payload = b64(phantomClaims());
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), KeyObject.from(keys.RS256.privateKey)).toString('base64url');
    const error = await refusal(`${header}.${payload}.${signature}`);
    expect(error).toMatchObject({ code: 'ERR_JWT_INVALID', detail: { crit: ['exp-policy'] } });
  });

  it('a payload that is not JSON, correctly signed', async () => {
    const token = await new CompactSign(new TextEncoder().encode('not json at all'))
      .setProtectedHeader({ alg: 'ES256', kid: keys.ES256.kid, typ: 'at+jwt' })
      .sign(keys.ES256.privateKey);
    expect((await refusal(token)).code).toBe('ERR_JWT_INVALID');
  });

  it('a payload that is a JSON array, correctly signed', async () => {
    const token = await new CompactSign(new TextEncoder().encode('[1,2]'))
      .setProtectedHeader({ alg: 'ES256', kid: keys.ES256.kid, typ: 'at+jwt' })
      .sign(keys.ES256.privateKey);
    expect((await refusal(token)).code).toBe('ERR_JWT_INVALID');
  });

  it('a five-part (JWE) token', async () => {
    const jwe = `${b64({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })}.${b64('key')}.${b64('iv')}.${b64('ciphertext')}.${b64('tag')}`;
    expect(await refusal(jwe)).toMatchObject({ code: 'ERR_TOKEN_MALFORMED', detail: { parts: 5 } });
  });

  it('an oversized token', async () => {
    const token = await mint(keys.ES256, { claims: phantomClaims({ padding: 'x'.repeat(9000) }) });
    expect(await refusal(token)).toMatchObject({ code: 'ERR_TOKEN_MALFORMED', detail: { maxLength: 8192 } });
  });

  it.each([
    ['two parts', 'abc.def'],
    ['not base64url', 'a$c.def.ghi'],
    ['a header that is not JSON', `${b64('{nope')}.${b64(phantomClaims())}.sig`],
    ['a header that is not an object', `${b64([1])}.${b64(phantomClaims())}.sig`],
    ['an empty payload', `${b64({ alg: 'ES256' })}..sig`],
  ])('malformed: %s', async (_name, token) => {
    expect((await refusal(token)).code).toBe('ERR_TOKEN_MALFORMED');
  });

  it('no signature with an allowed alg', async () => {
    const [header, payload] = (await mint(keys.ES256)).split('.');
    expect((await refusal(`${header}.${payload}.`)).code).toBe('ERR_JWT_SIGNATURE');
  });
});
