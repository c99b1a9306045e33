// A revocation recorded in the table refuses the token at every tier of every authorizer instance within
// one poll interval: a memory hit, a tier-2 entry read by a cold instance, and the decision line says so.
// A failing table refuses nothing that was allowed before.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbRevocationStore, revocationValueHash } from '../../../../lambda/shared/revocation';
import { tokenHash } from '../../../../lambda/shared/token-hash';
import { restRequestEvent, testConfig } from '../helpers/config';
import { startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';
import { harness, outcomeOf } from '../helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

let as: ScriptedAs;
let db: DynamoDbBackend;
beforeAll(async () => {
  [as, db] = await Promise.all([startScriptedAs(), startBackend('dynalite')]);
}, 90_000);
afterAll(async () => {
  await Promise.all([as?.stop(), db?.stop()]);
});

const RETENTION_MS = 360_000;

async function setup() {
  const table = await db.newTable();
  const store = new DynamoDbRevocationStore({ client: db.client, tableName: table, timeoutMs: 2_000 });
  const config = testConfig({ issuer: as.issuer, cacheTable: table, revocationPollIntervalMs: 2_000 });
  return { table, store, config };
}

it('a revoked token is refused from memory after the next poll, and by a cold instance reading tier 2', async () => {
  const { store, config } = await setup();
  as.respond = async () => jwtAnswer(await as.mint({ sub: 'user-1', client_id: 'c', scope: 'invoice_read', jti: 'p-1' }));
  const warm = harness(config, { dynamoDb: db.client });
  await warm.handler(restRequestEvent('Bearer tok-1'));
  await warm.handler(restRequestEvent('Bearer tok-1'));
  expect(warm.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'memory']);

  await store.record({ kind: 'token', hash: tokenHash('tok-1'), atMs: Date.now(), expiresAtMs: Date.now() + RETENTION_MS });
  warm.advance(2_000);
  expect(await outcomeOf(warm.handler(restRequestEvent('Bearer tok-1')))).toBe('Unauthorized');
  expect(warm.decisions()[2]).toMatchObject({ outcome: 'unauthorized', reason: 'ERR_TOKEN_REVOKED', revokedBy: 'token' });
  expect(typeof warm.decisions()[2].revocationDelayMs).toBe('number');
  expect(await outcomeOf(warm.handler(restRequestEvent('Bearer tok-1')))).toBe('Unauthorized');

  const cold = harness(config, { dynamoDb: db.client });
  expect(await outcomeOf(cold.handler(restRequestEvent('Bearer tok-1')))).toBe('Unauthorized');
  expect(cold.decisions()[0]).toMatchObject({ reason: 'ERR_TOKEN_REVOKED', cacheTier: 'dynamodb', revokedBy: 'token' });
});

it('a sub revocation refuses the tokens issued before it and allows a token issued after', async () => {
  const { store, config } = await setup();
  const issuedAt = Math.floor(Date.now() / 1000) - 60;
  as.respond = async () => jwtAnswer(await as.mint({ sub: 'user-2', client_id: 'c', scope: 'invoice_read', iat: issuedAt }));
  const h = harness(config, { dynamoDb: db.client });
  await h.handler(restRequestEvent('Bearer old-token'));
  await store.record({ kind: 'sub', hash: revocationValueHash('sub', 'user-2'), atMs: Date.now(), expiresAtMs: Date.now() + RETENTION_MS });
  h.advance(2_000);
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer old-token')))).toBe('Unauthorized');
  expect(h.decisions()[1]).toMatchObject({ reason: 'ERR_TOKEN_REVOKED', revokedBy: 'sub' });
  as.respond = async () => jwtAnswer(await as.mint({ sub: 'user-2', client_id: 'c', scope: 'invoice_read', iat: Math.floor(Date.now() / 1000) + 5 }));
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer new-token')))).toBe('resolved');
});

it('client_id, sid and jti revocations refuse the entries that carry them', async () => {
  for (const [kind, claims] of [
    ['client_id', { client_id: 'client-x' }],
    ['sid', { sid: 'session-9' }],
    ['jti', { jti: 'phantom-7' }],
  ] as const) {
    const { store, config } = await setup();
    as.respond = async () => jwtAnswer(await as.mint({ sub: 'user-3', client_id: 'c', scope: 'invoice_read', iat: Math.floor(Date.now() / 1000) - 30, ...claims }));
    const h = harness(config, { dynamoDb: db.client });
    await h.handler(restRequestEvent('Bearer t'));
    const value = Object.values(claims)[0];
    await store.record({ kind, hash: revocationValueHash(kind, value), atMs: Date.now(), expiresAtMs: Date.now() + RETENTION_MS });
    h.advance(2_000);
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer t')))).toBe('Unauthorized');
    expect(h.decisions()[1]).toMatchObject({ reason: 'ERR_TOKEN_REVOKED', revokedBy: kind });
  }
});

it('a failing revocation poll (table unreachable, mocked: it cannot be made real here) allows what it allowed and says so on the line', async () => {
  const { config } = await setup();
  as.respond = async () => jwtAnswer(await as.mint({ sub: 'user-4', client_id: 'c', scope: 'invoice_read' }));
  const failing = {
    send: (command: unknown, options?: unknown) =>
      command instanceof GetItemCommand
        ? Promise.reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' }))
        : (db.client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options),
  };
  const h = harness(config, { dynamoDb: failing as never });
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer t')))).toBe('resolved');
  expect(h.decisions()[0]).toMatchObject({ outcome: 'allow', revocationPoll: 'failed' });
  expect(h.lines.some((line) => JSON.parse(line).msg === 'revocation_poll_failed')).toBe(true);
  // Not retried on every request: the next poll is one interval later.
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer t')))).toBe('resolved');
  expect(h.decisions()[1].revocationPoll).toBeUndefined();
});
