// The `authorization-header` source takes exactly one Authorization header: several values in a REST
// event's multiValueHeaders, or two spellings of the name, are refused (401 ERR_TOKEN_MALFORMED) as the
// authorizer refuses them, so the handler never sees another header than the one that was verified.
import { withJwtValidation } from '../../../lambda/validator/with-jwt-validation';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKeys, mint, phantomClaims, restEvent, type TestAlg, type TestKey } from './token-factory';

let keys: Record<TestAlg, TestKey>;
beforeAll(async () => {
  keys = await makeKeys();
});

function headerOnly(seen: Array<{ sub?: string; forwarded?: string }>) {
  return withJwtValidation(
    {},
    async ({ claims, request }) => {
      seen.push({ sub: claims.sub, forwarded: request.headers.authorization });
      return { statusCode: 200, body: '' };
    },
    { issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.ES256), clock: fixedClock(), logSink: () => undefined, tokenSources: ['authorization-header'] },
  );
}

describe('authorization-header source: exactly one Authorization header', () => {
  it('refuses a REST event whose multiValueHeaders carry two Authorization values (401 ERR_TOKEN_MALFORMED, handler not run)', async () => {
    const alice = await mint(keys.ES256);
    const bob = await mint(keys.ES256, { claims: phantomClaims({ sub: 'user-2002', subscriber_id: 'sub-2002' }) });
    const seen: Array<{ sub?: string }> = [];
    const event = restEvent(undefined, {
      headers: { Authorization: `Bearer ${alice}` },
      multiValueHeaders: { Authorization: [`Bearer ${bob}`, `Bearer ${alice}`] },
    });
    const response = await headerOnly(seen)(event);
    expect(seen).toEqual([]);
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body).code).toBe('ERR_TOKEN_MALFORMED');
  });

  it('refuses Authorization headers spelled in two cases, so the handler never sees a header other than the verified one', async () => {
    const alice = await mint(keys.ES256);
    const bob = await mint(keys.ES256, { claims: phantomClaims({ sub: 'user-2002', subscriber_id: 'sub-2002' }) });
    const seen: Array<{ sub?: string; forwarded?: string }> = [];
    const event = restEvent(undefined, { headers: { authorization: `Bearer ${alice}`, Authorization: `Bearer ${bob}` } });
    const response = await headerOnly(seen)(event);
    expect(seen).toEqual([]);
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body).code).toBe('ERR_TOKEN_MALFORMED');
  });
});
