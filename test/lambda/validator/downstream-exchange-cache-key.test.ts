// The exchanged-token cache is keyed by (token, audience, scope) without ambiguity: an audience that
// contains a space cannot reach the entry of another (audience, scope) pair.
import { createTokenExchanger, JWT_TOKEN_TYPE } from '../../../lambda/validator/downstream-exchange';
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKey, mint, NOW_SECONDS } from './token-factory';
import { startFaultyTokenEndpoint, type FaultyTokenEndpoint } from './token-endpoint-faults';

let endpoint: FaultyTokenEndpoint;
afterAll(() => endpoint.stop());

it('an exchange for another audience is not answered from the cache entry of a different (audience, scope) pair', async () => {
  const key = await makeKey('ES256');
  const jwt = await createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(key), clock: fixedClock() }).verify(await mint(key));
  endpoint = await startFaultyTokenEndpoint({ status: 200, body: JSON.stringify({ access_token: 'for.billing.a', issued_token_type: JWT_TOKEN_TYPE, expires_in: 60 }) });
  const exchanger = createTokenExchanger({ tokenEndpoint: endpoint.url, clientId: 'svc', clientSecret: 'secret', localMode: true, clock: () => NOW_SECONDS * 1000 });

  const first = await exchanger.exchange(jwt, { audience: 'billing', scope: 'invoice_read invoice_write' });
  expect(first.accessToken).toBe('for.billing.a');
  endpoint.answer({ status: 400, body: JSON.stringify({ error: 'invalid_target' }) });
  // A different audience: the AS is asked (and here refuses it), not answered from the "billing" entry.
  await expect(exchanger.exchange(jwt, { audience: 'billing invoice_read', scope: 'invoice_write' })).rejects.toMatchObject({ code: 'ERR_POLICY_DENIED' });
});
