// DPoP figures: a memory-tier hit of a DPoP-bound token with its proof checked (signature, claims, the
// memory replay tier; no table, so no write) / a bare ES256 crypto.verify of the same proof's signature
// with a prepared KeyObject, interleaved; and the replay write's cost: the same hit with the cache table
// (conditional PutItem per proof) / a bare PutItem through the same client. Proofs come from panva's
// `dpop`, made ahead of the timed loop (one per request: each is accepted once).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { generateKeyPair, generateProof, type KeyPair } from 'dpop';
import type { AuthorizerHandler } from '../lambda/authorizer';
import { DEMO_CLIENTS } from '../local/embedded-as';
import { evaluatePolicy } from '../local/gateway';
import { CALLER_CLIENT, type AuthorizerWorld } from './fixtures/authorizer-world';
import { barePutItem } from './fixtures/raw-calls';
import { restRequestEvent } from './fixtures/rest-request-event';
import { machine, ratioOf, spreadText, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { interleaved } from './harness/timing';

interface Prepared {
  readonly events: APIGatewayRequestAuthorizerEvent[];
  readonly signatures: Array<{ input: Buffer; signature: Buffer }>;
  readonly key: KeyObject;
}

export async function dpopBenchmarks(world: AuthorizerWorld, profile: Profile): Promise<Section[]> {
  const keys = await generateKeyPair('ES256', { extractable: true });
  const token = await dpopToken(world, keys);
  const base = restRequestEvent(token);
  const publicBaseUrl = `https://${base.requestContext.domainName}/${base.requestContext.stage}`;
  const htu = `${publicBaseUrl}${base.path}`;
  const warmup = pick(profile, 300, 50);
  const samples = pick(profile, 4000, 600);
  const hit = world.handler('accept-jwt', { senderConstrained: true, publicBaseUrl, cacheTable: undefined });
  const withTable = world.handler('accept-jwt', { senderConstrained: true, publicBaseUrl });

  const proofs = await prepare(keys, token, htu, base, warmup + samples);
  // Request 0 primes the handler; warmup rounds (negative indices -1, -2, ...) take 1, 2, ...; samples follow.
  const at = (index: number) => (index < 0 ? -index : warmup + index);
  const verifyBare = (index: number) => {
    const { input, signature } = proofs.signatures[at(index)];
    if (!verify('sha256', input, { key: proofs.key, dsaEncoding: 'ieee-p1363' }, signature)) throw new Error('bare verify failed');
  };
  await expectAllow(hit, proofs.events[0], 'first');
  const hitRun = await interleaved((index) => expectAllow(hit, proofs.events[at(index)], index), verifyBare, { warmup: warmup - 1, samples, maxMs: pick(profile, 20_000, 3000) });
  const hitRatio = ratioOf(hitRun.a, hitRun.b);

  const writes = await prepare(keys, token, htu, base, warmup + samples);
  const put = barePutItem(world.dynamoDb, world.table, 0);
  await expectAllow(withTable, writes.events[0], 'first');
  const writeRun = await interleaved(
    (index) => expectAllow(withTable, writes.events[at(index)], index),
    (index) => put(`bench-put#${index}`),
    { warmup: warmup - 1, samples: Math.min(samples, pick(profile, 600, 100)), maxMs: pick(profile, 20_000, 3000) },
  );
  const writeRatio = ratioOf(writeRun.a, writeRun.b);
  return [
    {
      path: 'authorizer.dpopHit',
      values: {
        ratioToRawVerify: hitRatio.ratio,
        handlerUs: median(hitRun.a),
        rawVerifyUs: median(hitRun.b),
        replayWriteRatioToRawPutItem: writeRatio.ratio,
        replayWriteHandlerUs: median(writeRun.a),
        rawPutItemUs: median(writeRun.b),
      },
      conditions: {
        ...machine(),
        what: 'handler time (accept-jwt, senderConstrained) for a REST REQUEST event with a DPoP-bound token in the memory tier and a fresh ES256 proof (panva/dpop), replay guard in memory only / a bare crypto.verify (ES256, prepared KeyObject) of the same proof signature; interleaved. replayWrite: the same with the cache table configured (one conditional PutItem per proof, dynalite) / a bare PutItem through the same client',
        rounds: hitRatio.rounds,
        truncated: hitRun.truncated || writeRun.truncated,
        blockRatios: hitRatio.blockRatios,
        replayWriteRounds: writeRatio.rounds,
        summary: `n=${hitRatio.rounds} pairs, handler ${spreadText(hitRatio.a)} us, verify ${spreadText(hitRatio.b)} us; replay write n=${writeRatio.rounds}, handler ${spreadText(writeRatio.a)} us, PutItem ${spreadText(writeRatio.b)} us`,
      },
    },
  ];
}

async function dpopToken(world: AuthorizerWorld, keys: KeyPair): Promise<string> {
  const client = DEMO_CLIENTS.find((candidate) => candidate.clientId === CALLER_CLIENT)!;
  const response = await fetch(world.as.tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      dpop: await generateProof(keys, world.as.tokenEndpoint, 'POST'),
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token?: string; token_type?: string };
  if (body.token_type !== 'DPoP' || !body.access_token) throw new Error(`no DPoP-bound token from the embedded AS: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function prepare(keys: KeyPair, token: string, htu: string, base: APIGatewayRequestAuthorizerEvent, count: number): Promise<Prepared> {
  const events: APIGatewayRequestAuthorizerEvent[] = [];
  const signatures: Prepared['signatures'] = [];
  for (let index = 0; index < count; index++) {
    const proof = await generateProof(keys, htu, 'GET', undefined, token);
    const headers = { ...base.headers, Authorization: `DPoP ${token}`, DPoP: proof };
    events.push({ ...base, headers, multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value!]])) });
    const [header, payload, signature] = proof.split('.');
    signatures.push({ input: Buffer.from(`${header}.${payload}`), signature: Buffer.from(signature, 'base64url') });
  }
  const key = createPublicKey({ key: (await crypto.subtle.exportKey('jwk', keys.publicKey)) as never, format: 'jwk' });
  return { events, signatures, key };
}

async function expectAllow(handler: AuthorizerHandler, event: APIGatewayRequestAuthorizerEvent, index: number | string): Promise<void> {
  const result = (await handler(event)) as { policyDocument?: Parameters<typeof evaluatePolicy>[0] };
  if (!result.policyDocument || evaluatePolicy(result.policyDocument, event.methodArn) !== 'allow') throw new Error(`DPoP benchmark request ${index} was not allowed`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0);
}
