// The receiver on loopback, as local mode runs it: pushes at `/`, operator calls at `/invoke`, and the
// flush handed to it (here a recording one: the local gateway's cache is tested end to end elsewhere).
import { DynamoDbRevocationStore, revocationValueHash } from '../../../lambda/shared/revocation';
import { startLocalRevocationReceiver, type LocalRevocationReceiver } from '../../../local/revocation';
import { startBackend, type DynamoDbBackend } from '../../lambda/authorizer/helpers/dynamodb-backends';

let db: DynamoDbBackend;
let receiver: LocalRevocationReceiver;
let table: string;
let flushes = 0;
beforeAll(async () => {
  db = await startBackend('dynalite');
  table = await db.newTable();
  receiver = await startLocalRevocationReceiver({
    settings: { issuer: 'http://127.0.0.1:1', jwksUri: 'http://127.0.0.1:1/jwks', cacheTable: table, revocationPollIntervalMs: 0 },
    dynamoDb: db.client,
    flusher: { flush: async () => void flushes++ },
    logSink: () => undefined,
  });
}, 60_000);
afterAll(async () => {
  await receiver?.stop();
  await db?.stop();
});

it('an operator call at /invoke records the revocation and flushes; bad JSON is invalid_request', async () => {
  const answer = await fetch(receiver.invokeUrl, { method: 'POST', body: JSON.stringify({ revoke: { sub: 'local-user' } }) });
  expect(answer.status).toBe(202);
  expect(await answer.json()).toEqual({ status: 202, applied: 1 });
  expect(flushes).toBe(1);
  const store = new DynamoDbRevocationStore({ client: db.client, tableName: table, timeoutMs: 2_000 });
  expect([...(await store.readBucket(0)).revocations.values()].map((revocation) => revocation.hash)).toEqual([revocationValueHash('sub', 'local-user')]);
  const bad = await fetch(receiver.invokeUrl, { method: 'POST', body: '{not json' });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ err: 'invalid_request' });
});

it('a push that is not a SET is answered per RFC 8935 and changes nothing', async () => {
  const wrongType = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(wrongType.status).toBe(400);
  expect(await wrongType.json()).toMatchObject({ err: 'invalid_request' });
  const garbage = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/secevent+jwt' }, body: 'a.b.c' });
  expect(garbage.status).toBe(400);
  expect(flushes).toBe(1);
});
