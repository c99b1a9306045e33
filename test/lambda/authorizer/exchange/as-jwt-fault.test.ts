// A phantom JWT that the AS itself returned but that does not verify against the AS's own configuration
// (signed with a key missing from its JWKS, an `iss` other than the configured issuer, an algorithm
// outside allowedAlgorithms) is an AS / gateway configuration fault (docs/operations.md, AsErrorRate:
// "JWT signature, iss" under invalid_response): 503 ERR_AS_RESPONSE_INVALID, never the caller's 401. A
// tier-2 entry whose JWT fails the same verification is still only a rejected entry (a miss).
import { generateKeyPair } from 'jose';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness, outcomeOf } from '../helpers/harness';
import { jwtAnswer, jsonAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

let as: ScriptedAs;
beforeAll(async () => {
  as = await startScriptedAs();
});
afterAll(() => as.stop());

const claims = { sub: 'user-1', scope: 'invoice_read' };

describe('a phantom JWT from the AS that does not verify is the AS\'s fault (503), not the caller\'s 401', () => {
  it('accept-jwt: signed with a key the AS does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const jwt = await as.mint(claims, { key: privateKey, kid: 'unpublished' });
    as.respond = () => jwtAnswer(jwt);
    const h = harness(testConfig({ issuer: as.issuer }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-1')))).toBe('Authorizer failure: ERR_AS_RESPONSE_INVALID');
  });

  it('accept-jwt: iss is not the configured issuer (e.g. a trailing slash)', async () => {
    const jwt = await as.mint({ ...claims, iss: `${as.issuer}/` });
    as.respond = () => jwtAnswer(jwt);
    const h = harness(testConfig({ issuer: as.issuer }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-2')))).toBe('Authorizer failure: ERR_AS_RESPONSE_INVALID');
  });

  it('jwt-in-json: signed with an algorithm outside allowedAlgorithms', async () => {
    const jwt = await as.mint(claims);
    as.respond = () => jsonAnswer(200, { active: true, jwt });
    const h = harness(testConfig({ issuer: as.issuer, exchangeMode: 'jwt-in-json', allowedAlgorithms: ['ES256'] }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-3')))).toBe('Authorizer failure: ERR_AS_RESPONSE_INVALID');
  });
});

describe('the other modes', () => {
  it('token-exchange: an issued JWT signed with an unpublished key is ERR_AS_RESPONSE_INVALID, asErrorKind invalid_response', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const jwt = await as.mint(claims, { key: privateKey, kid: 'unpublished' });
    as.respond = () => jsonAnswer(200, { access_token: jwt, issued_token_type: 'urn:ietf:params:oauth:token-type:jwt', token_type: 'N_A' });
    const h = harness(testConfig({ issuer: as.issuer, exchangeMode: 'token-exchange' }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-4')))).toBe('Authorizer failure: ERR_AS_RESPONSE_INVALID');
    expect(h.decisions()[0]).toMatchObject({ outcome: 'unavailable', reason: 'ERR_AS_RESPONSE_INVALID', asErrorKind: 'invalid_response' });
  });

  it('rfc9701: an introspection response with another iss is ERR_AS_RESPONSE_INVALID', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const jwt = await as.mint(
      { iss: `${as.issuer}/other`, aud: 'gateway-client', token_introspection: { active: true, ...claims, exp } },
      { typ: 'token-introspection+jwt' },
    );
    as.respond = () => ({ status: 200, headers: { 'content-type': 'application/token-introspection+jwt' }, body: jwt });
    const h = harness(testConfig({ issuer: as.issuer, exchangeMode: 'rfc9701' }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-5')))).toBe('Authorizer failure: ERR_AS_RESPONSE_INVALID');
  });

  it('what says the caller\'s token is expired stays the caller\'s 401', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    const jwt = await as.mint({ ...claims, iat: past - 60, exp: past });
    as.respond = () => jwtAnswer(jwt);
    const h = harness(testConfig({ issuer: as.issuer }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-6')))).toBe('Unauthorized');
  });
});
