import { sharedAuthorization } from '../../../lambda/validator/downstream-share';
import { embeddedToken } from '../../../lambda/validator/downstream-embed';
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKey, mint, phantomClaims, type TestKey } from './token-factory';

const BILLING = 'https://billing.example.com';
let key: TestKey;
let other: TestKey;
beforeAll(async () => {
  key = await makeKey('ES256');
  other = await makeKey('ES256', key.kid);
});

const validatorFor = (audience: string) => createJwtValidator({ issuer: ISSUER, audience, jwks: jwksOf(key), clock: fixedClock() });

async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
    return 'RESOLVED';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('downstream: share', () => {
  it('passes the same JWT to an API of the same security domain', async () => {
    const token = await mint(key, { claims: phantomClaims({ aud: [AUDIENCE, BILLING] }) });
    const jwt = await validatorFor(AUDIENCE).verify(token);
    expect(sharedAuthorization(jwt, BILLING, { sameSecurityDomain: [AUDIENCE, BILLING] })).toBe(`Bearer ${token}`);
  });

  it('refuses an API outside the security domain (configuration error) and one the token does not name', async () => {
    const jwt = await validatorFor(AUDIENCE).verify(await mint(key));
    expect(await codeOf(() => sharedAuthorization(jwt, 'https://partner.example.net', { sameSecurityDomain: [AUDIENCE, BILLING] }))).toBe('ERR_CONFIG');
    expect(await codeOf(() => sharedAuthorization(jwt, BILLING, { sameSecurityDomain: [AUDIENCE, BILLING] }))).toBe('ERR_CLAIM_MISMATCH');
  });
});

describe('downstream: embed', () => {
  it('verifies the nested token for the downstream audience before use', async () => {
    const nested = await mint(key, { claims: phantomClaims({ aud: BILLING, scope: 'billing_read' }) });
    const outer = await validatorFor(AUDIENCE).verify(await mint(key, { claims: phantomClaims({ billing_token: nested }) }));
    const verified = await embeddedToken(outer, { claim: 'billing_token', validator: validatorFor(BILLING) });
    expect(verified.claims.aud).toBe(BILLING);
    expect(verified.scopes).toEqual(['billing_read']);
    expect(verified.compact()).toBe(nested);
  });

  it('refuses a missing nested token, a forged one, and one for another audience', async () => {
    const billing = validatorFor(BILLING);
    const bare = await validatorFor(AUDIENCE).verify(await mint(key));
    expect(await codeOf(() => embeddedToken(bare, { claim: 'billing_token', validator: billing }))).toBe('ERR_CLAIM_MISMATCH');

    const forged = await mint(other, { claims: phantomClaims({ aud: BILLING }) });
    const withForged = await validatorFor(AUDIENCE).verify(await mint(key, { claims: phantomClaims({ billing_token: forged }) }));
    expect(await codeOf(() => embeddedToken(withForged, { claim: 'billing_token', validator: billing }))).toBe('ERR_JWT_SIGNATURE');

    const wrongAud = await mint(key, { claims: phantomClaims({ aud: AUDIENCE }) });
    const withWrongAud = await validatorFor(AUDIENCE).verify(await mint(key, { claims: phantomClaims({ billing_token: wrongAud }) }));
    expect(await codeOf(() => embeddedToken(withWrongAud, { claim: 'billing_token', validator: billing }))).toBe('ERR_JWT_CLAIM');
  });
});
