// The negative cache and tier 2: an "inactive" answer is remembered in memory for the negative TTL (5 s).
// When the AS was asked because the tier-2 read failed, an item stored while the token was active may still
// be in the table, unseen; the refusal is then kept for as long as such an item can live (the cap), so the
// instance that learned of the revocation never serves the older item again.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { restRequestEvent, testConfig } from '../helpers/config';
import { startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';
import { harness, outcomeOf } from '../helpers/harness';
import { jsonAnswer, jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

let as: ScriptedAs;
let db: DynamoDbBackend;
beforeAll(async () => {
  [as, db] = await Promise.all([startScriptedAs(), startBackend('dynalite')]);
}, 90_000);
afterAll(async () => {
  await Promise.all([as?.stop(), db?.stop()]);
});

it('once the AS has said a token is inactive after a failed tier-2 read (throttle mocked: it cannot be made real), the instance never allows it again from the older item', async () => {
  const table = await db.newTable();
  const jwt = await as.mint({ sub: 'user-1', client_id: 'c', scope: 'invoice_read' });
  as.respond = () => jwtAnswer(jwt);
  const writer = harness(testConfig({ issuer: as.issuer, cacheTable: table }), { dynamoDb: db.client });
  await writer.handler(restRequestEvent('Bearer tok')); // active: item written to tier 2

  as.respond = () => jsonAnswer(200, { active: false }); // revoked at the AS
  let failNextGet = true;
  const flaky = {
    send: (command: unknown, options?: unknown) => {
      if (command instanceof GetItemCommand && failNextGet) {
        failNextGet = false;
        return Promise.reject(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
      }
      return (db.client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
    },
  };
  const h = harness(testConfig({ issuer: as.issuer, cacheTable: table }), { dynamoDb: flaky as never });
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe('Unauthorized'); // AS: inactive
  h.advance(6000); // past the 5 s negative cache: the refusal is kept for the cap instead
  const again = await outcomeOf(h.handler(restRequestEvent('Bearer tok')) as Promise<APIGatewayAuthorizerResult>);
  expect(again).toBe('Unauthorized');
  expect(h.decisions().map((decision) => decision.cacheTier)).toEqual(['miss', 'negative']);
  h.advance(300_000); // the cap: any item written while the token was active has expired by now
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe('Unauthorized');
  expect(h.decisions()[2].cacheTier).toBe('miss');
});

it('after a tier-2 read that succeeded, an inactive answer is remembered for the negative TTL only', async () => {
  const table = await db.newTable();
  as.respond = () => jsonAnswer(200, { active: false });
  const h = harness(testConfig({ issuer: as.issuer, cacheTable: table }), { dynamoDb: db.client });
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer gone')))).toBe('Unauthorized');
  h.advance(6000);
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer gone')))).toBe('Unauthorized');
  expect(h.decisions().map((decision) => decision.cacheTier)).toEqual(['miss', 'miss']);
});
