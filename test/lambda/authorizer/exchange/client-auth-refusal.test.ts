// The AS refusing the gateway's own credentials the RFC 6749 §5.2 way: 401, or 400 `invalid_client` (an
// AS MAY answer 400 when no Authorization header was used, as with private_key_jwt). Both are
// ERR_AS_CLIENT_AUTH (503, asErrorKind client_auth) and both make the authorizer re-read its credentials
// and retry once: a rotated key is picked up. (A JWK whose alg misfits its key: as-client/credentials.test.ts.)
import { exportJWK, generateKeyPair, decodeProtectedHeader } from 'jose';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness, outcomeOf } from '../helpers/harness';
import { jsonAnswer, jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gateway-client';
let as: ScriptedAs;
let jwt: string;

beforeAll(async () => {
  as = await startScriptedAs();
  jwt = await as.mint({ sub: 'u', scope: 'invoice_read' });
});
afterAll(() => as.stop());

async function privateJwk(kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' });
}

describe('private_key_jwt and 400 invalid_client', () => {
  it('re-reads a rotated key when the AS answers 400 invalid_client, and retries', async () => {
    let stored = await privateJwk('old-key');
    let reads = 0;
    // Local mode: the scripted AS is loopback http; the key still comes from "Secrets Manager" (readSecret).
    const h = harness(testConfig({ issuer: as.issuer, clientAuthMethod: 'private_key_jwt', clientSecret: undefined, clientSecretArn: ARN }), {
      readSecret: async () => {
        reads++;
        return stored;
      },
    });
    as.respond = () => jwtAnswer(jwt);
    await h.handler(restRequestEvent('Bearer warm'));
    stored = await privateJwk('new-key');
    as.respond = (request) =>
      decodeProtectedHeader(request.form.get('client_assertion')!).kid === 'new-key' ? jwtAnswer(jwt) : jsonAnswer(400, { error: 'invalid_client' });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer a')))).toBe('resolved');
    expect(reads).toBe(2);
    expect(h.lines.filter((line) => line.includes('"msg":"secret_refresh"'))).toHaveLength(1);
  });

  it('reports a refused assertion (400 invalid_client) as ERR_AS_CLIENT_AUTH, asErrorKind client_auth', async () => {
    const h = harness(testConfig({ issuer: as.issuer, clientAuthMethod: 'private_key_jwt', clientSecret: await privateJwk('k') }));
    as.respond = () => jsonAnswer(400, { error: 'invalid_client' });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer b')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
    expect(h.decisions()[0]).toMatchObject({ outcome: 'unavailable', reason: 'ERR_AS_CLIENT_AUTH', asErrorKind: 'client_auth' });
  });

  it.each(['accept-jwt', 'jwt-in-json', 'rfc9701', 'token-exchange'] as const)('%s: client_secret_basic refused with 400 invalid_client is ERR_AS_CLIENT_AUTH too', async (exchangeMode) => {
    const h = harness(testConfig({ issuer: as.issuer, exchangeMode }));
    as.respond = () => jsonAnswer(400, { error: 'invalid_client' });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer c')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
  });

  it('another 400 is not a client authentication failure', async () => {
    const h = harness(testConfig({ issuer: as.issuer }));
    as.respond = () => jsonAnswer(400, { error: 'invalid_request' });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer d')))).toBe('Authorizer failure: ERR_AS_RESPONSE_INVALID');
  });
});
