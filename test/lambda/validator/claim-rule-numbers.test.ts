// Claim rules compare exactly, and only values JSON carries exactly: a numeric claim beyond 2^53 (a 64-bit
// or snowflake id sent unquoted) is rounded by JSON.parse to a neighbour, which could be another
// subscriber's id, so it satisfies no rule. Safe integers and strings compare as before.
import { withJwtValidation } from '../../../lambda/validator/with-jwt-validation';
import { AUDIENCE, fixedClock, ISSUER, NOW_SECONDS, restEvent } from './token-factory';
import { signCompact, signingKey, type SigningKey } from './jws-signer';

let key: SigningKey;
beforeAll(async () => {
  key = await signingKey('ES256');
});

it('a subscriber_id claim that JSON cannot represent exactly does not satisfy equalsPathParameter for another subscriber', async () => {
  const payload = `{"iss":"${ISSUER}","aud":"${AUDIENCE}","sub":"u","exp":${NOW_SECONDS + 300},"scope":"order_read","subscriber_id":9007199254740993}`;
  const token = signCompact(key, { alg: 'ES256', kid: key.kid, typ: 'at+jwt' }, payload);
  const handler = withJwtValidation(
    { scopes: { anyOf: ['order_read'] }, claims: [{ claim: 'subscriber_id', equalsPathParameter: 'subscriberId' }] },
    async ({ request }) => ({ statusCode: 200, body: request.pathParameters.subscriberId }),
    { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [key.publicJwk] }, clock: fixedClock(), logSink: () => {} },
  );
  const eventFor = (subscriberId: string) =>
    restEvent(token, { resource: '/subscribers/{subscriberId}/orders', path: `/subscribers/${subscriberId}/orders`, pathParameters: { subscriberId } });
  // Another subscriber's orders (the rounded value), and the token's own id as sent: both refused.
  expect((await handler(eventFor('9007199254740992'))).statusCode).toBe(403);
  expect((await handler(eventFor('9007199254740993'))).statusCode).toBe(403);
});

it('a safe integer claim matches its path parameter, and a oneOf rule refuses an unsafe number', async () => {
  const tokenWith = (subscriberId: string) =>
    signCompact(key, { alg: 'ES256', kid: key.kid, typ: 'at+jwt' }, `{"iss":"${ISSUER}","aud":"${AUDIENCE}","sub":"u","exp":${NOW_SECONDS + 300},"scope":"order_read","subscriber_id":${subscriberId}}`);
  const options = { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [key.publicJwk] }, clock: fixedClock(), logSink: () => {} };
  const ok = async () => ({ statusCode: 200, body: '' });
  const byPath = withJwtValidation({ claims: [{ claim: 'subscriber_id', equalsPathParameter: 'subscriberId' }] }, ok, options);
  const byList = withJwtValidation({ claims: [{ claim: 'subscriber_id', oneOf: [9007199254740991] }] }, ok, options);
  const event = (token: string, subscriberId: string) =>
    restEvent(token, { resource: '/subscribers/{subscriberId}/orders', path: `/subscribers/${subscriberId}/orders`, pathParameters: { subscriberId } });
  expect((await byPath(event(tokenWith('42'), '42'))).statusCode).toBe(200);
  expect((await byPath(event(tokenWith('42'), '43'))).statusCode).toBe(403);
  expect((await byList(event(tokenWith('9007199254740993'), 'x'))).statusCode).toBe(403);
});

it('a oneOf rule listing a number that is not a safe integer is refused at start, naming the claim (it could never hold)', () => {
  const options = { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [key.publicJwk] }, clock: fixedClock(), logSink: () => {} };
  const ok = async () => ({ statusCode: 200, body: '' });
  for (const value of [1.5, 9007199254740993]) {
    expect(() => withJwtValidation({ claims: [{ claim: 'level', oneOf: [value] }] }, ok, options)).toThrow(/"level" oneOf lists .* not a safe integer/);
  }
  expect(() => withJwtValidation({ claims: [{ claim: 'level', oneOf: [3, 'x', true] }] }, ok, options)).not.toThrow();
});
