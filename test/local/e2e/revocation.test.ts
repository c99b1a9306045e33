// Revocation through every cache in local mode with its defaults (gateway result cache 60 s, memory and
// DynamoDB tiers up to 300 s): an RFC 7009 revocation at the embedded AS pushes a signed SET to the local
// receiver, which records it and flushes the gateway's cache; every authorizer tier refuses the token
// within 5 s, and keeps refusing it. The operator call revokes everything of a client the same way. Both
// API kinds: the receiver empties the local gateway's result cache, as FlushStageAuthorizersCache (REST) and
// ResetAuthorizersCache (HTTP API) do on AWS.
import { startLocalStack, type LocalStack } from '../../../local/local-stack';
import { callApi, clientCredentialsToken, discoverClient, revokeToken } from './oauth-client';

const REFUSED_WITHIN_MS = 5_000;

describe.each(['rest', 'http'] as const)('revocation in local mode, %s API, every cache on', (api) => {
  let stack: LocalStack;
  const decisions: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    stack = await startLocalStack({
      api,
      accessLog: false,
      decisionLog: (line) => {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.msg === 'decision' || parsed.msg === 'revocation_received') decisions.push(parsed);
      },
    });
  }, 60_000);
  afterAll(() => stack?.stop());

  const url = (path: string) => `${stack.gatewayUrl}${path}`;

  /** Calls until refused; resolves with how long that took, or rejects after the bound. */
  async function refusedWithin(call: () => Promise<number>, boundMs: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      if ((await call()) === 401) return Date.now() - started;
      if (Date.now() - started > boundMs) throw new Error(`still allowed ${boundMs} ms after the revocation`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('a token revoked at the AS (RFC 7009) is refused within 5 s through every cache, and never allowed again', async () => {
    const client = await discoverClient(stack.issuer, 'invoices-client', 'invoices-secret');
    const token = await clientCredentialsToken(client);
    const other = await clientCredentialsToken(client);
    const call = async (which = token) => (await callApi(client, which, url('/invoices/inv-1001'))).status;
    // Warm every tier: AS, DynamoDB, memory, and the gateway's result cache.
    expect(await call()).toBe(200);
    expect(await call()).toBe(200);
    expect(await call(other)).toBe(200);

    await revokeToken(client, token);
    const tookMs = await refusedWithin(() => call(), REFUSED_WITHIN_MS);
    expect(tookMs).toBeLessThan(REFUSED_WITHIN_MS);
    for (let i = 0; i < 10; i++) expect(await call()).toBe(401);
    // Other tokens of the same client keep working: one token was revoked, not the client.
    expect(await call(other)).toBe(200);
    expect(decisions).toContainEqual(expect.objectContaining({ msg: 'revocation_received', source: 'set', outcome: 'applied', kinds: 'token', flush: 'done' }));
  }, 30_000);

  it('an operator call revoking a client_id refuses every cached token of that client within 5 s', async () => {
    const client = await discoverClient(stack.issuer, 'streaming-client', 'streaming-secret');
    const token = await clientCredentialsToken(client);
    const call = async () => (await callApi(client, token, url('/streams/s-1'))).status;
    expect(await call()).toBe(200);
    expect(await call()).toBe(200);

    const answer = await fetch(stack.revocationReceiver!.invokeUrl, { method: 'POST', body: JSON.stringify({ revoke: { clientId: 'streaming-client' } }) });
    expect(answer.status).toBe(202);
    await refusedWithin(call, REFUSED_WITHIN_MS);
    expect(await call()).toBe(401);
    expect(decisions).toContainEqual(expect.objectContaining({ msg: 'decision', reason: 'ERR_TOKEN_REVOKED', revokedBy: 'client_id' }));
  }, 30_000);
});
