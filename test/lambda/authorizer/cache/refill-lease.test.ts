// The refill lease (refill-lease.ts) with real parts: several authorizer instances (handlers built apart,
// each with its own memory tier) on one DynamoDB table (dynalite; DynamoDB Local too under CI) and a
// scripted AS on loopback. The table's client counts the PutItems it sends, conditional ones included.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { DynamoDbCacheStore } from '../../../../lambda/authorizer/cache/dynamodb-store';
import { cacheNamespace } from '../../../../lambda/authorizer/cache/item-key';
import { claimsRefillLease, REFILL_LEASE, refillLeaseMs, rereadDelaysMs } from '../../../../lambda/authorizer/cache/refill-lease';
import { tokenHash } from '../../../../lambda/shared/token-hash';
import { restRequestEvent, testConfig } from '../helpers/config';
import { BACKENDS, startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';
import { harness, outcomeOf, type Harness } from '../helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

const claims = { sub: 'user-1', client_id: 'invoices-client', scope: 'invoice_read', aud: 'https://api.example.com' };
const INSTANCES = 8;
/** A cap short enough that an item ends within a test; each instance's clock then moves past it. */
const CAP_SECONDS = 2;
/** The gateway result cache TTL the ended-item tests tell the authorizer. */
const GATEWAY_TTL_SECONDS = 5;

test('re-reads come 20, 40, 80 ms apart and the last one at the lease end', () => {
  expect(rereadDelaysMs(250)).toEqual([20, 60, 140, 250]);
  expect(rereadDelaysMs(0)).toEqual([]);
  expect(refillLeaseMs(2500, 1000)).toBe(3500);
});

test('a refill claims the lease only within the gateway TTL plus the slack of the item\'s end', () => {
  const endedAtMs = 1_000_000;
  const windowMs = 60 * 1000 + REFILL_LEASE.claimSlackMs;
  expect(claimsRefillLease(endedAtMs, endedAtMs, 60)).toBe(true);
  expect(claimsRefillLease(endedAtMs, endedAtMs + windowMs, 60)).toBe(true);
  expect(claimsRefillLease(endedAtMs, endedAtMs + windowMs + 1, 60)).toBe(false);
  // No gateway cache: no burst beyond the slack.
  expect(claimsRefillLease(endedAtMs, endedAtMs + REFILL_LEASE.claimSlackMs, 0)).toBe(true);
  expect(claimsRefillLease(endedAtMs, endedAtMs + REFILL_LEASE.claimSlackMs + 1, 0)).toBe(false);
  // An instance whose clock is behind the writer's sees the end ahead of it: still a claim.
  expect(claimsRefillLease(endedAtMs, endedAtMs - 500, 0)).toBe(true);
});

describe.each(BACKENDS)('the refill lease on %s', (backendName) => {
  let as: ScriptedAs;
  let db: DynamoDbBackend;
  let table: string;
  let puts: { unconditional: number; conditional: number };

  beforeAll(async () => {
    [as, db] = await Promise.all([startScriptedAs(), startBackend(backendName)]);
    // Counts on the wire, after the authorizer decided what to send.
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand') {
          const input = args.input as { ConditionExpression?: string };
          if (input.ConditionExpression) puts.conditional += 1;
          else puts.unconditional += 1;
        }
        return next(args);
      },
      { step: 'initialize', name: 'countPutItems' },
    );
  }, 90_000);
  afterAll(async () => {
    db?.client.middlewareStack.remove('countPutItems');
    await Promise.all([as?.stop(), db?.stop()]);
  });
  beforeEach(async () => {
    table = await db.newTable();
    as.requests.length = 0;
    puts = { unconditional: 0, conditional: 0 };
  });

  const config = (overrides = {}) => testConfig({ issuer: as.issuer, cacheTable: table, cacheMaxTtlSeconds: CAP_SECONDS, ...overrides });
  const introspections = () => as.requests.filter((request) => request.path === '/introspect').length;
  const event = (token: string) => restRequestEvent(`Bearer ${token}`);
  const fleet = (count: number, client: DynamoDBClient = db.client): Harness[] => Array.from({ length: count }, () => harness(config(), { dynamoDb: client }));

  /** One instance stores the token's item; then every instance's clock moves `pastEndMs` past the item's end. */
  async function itemEndedFor(token: string, instances: readonly Harness[], pastEndMs = 1000): Promise<void> {
    as.respond = async () => jwtAnswer(await as.mint(claims));
    await instances[0].handler(event(token));
    for (const instance of instances) instance.advance(CAP_SECONDS * 1000 + pastEndMs);
    as.requests.length = 0;
    puts = { unconditional: 0, conditional: 0 };
  }

  it(`${INSTANCES} instances finding the same ended item at once: one new item; only those that read it before the lease landed ask the AS`, async () => {
    const instances = fleet(INSTANCES);
    await itemEndedFor('tok-hot', instances);
    const refilled = await as.mint(claims);
    as.respond = () => ({ ...jwtAnswer(refilled), delayMs: 150 });
    const results = (await Promise.all(instances.map((instance) => instance.handler(event('tok-hot'))))) as APIGatewayAuthorizerResult[];
    expect(results.map((result) => result.context?.jwt)).toEqual(Array(INSTANCES).fill(refilled));
    // Each instance that found no lease claimed one and asked the AS at the same time; one claim won and
    // its holder wrote the item, the others answered from their own call and wrote nothing more. The
    // rest read the lease and took the holder's item.
    const racers = introspections();
    expect(racers).toBeGreaterThanOrEqual(1);
    expect(racers).toBeLessThanOrEqual(INSTANCES);
    expect(puts).toEqual({ conditional: racers, unconditional: 1 });
    const tiers = instances.flatMap((instance) => instance.decisions().slice(-1).map((line) => line.cacheTier));
    expect(tiers.filter((tier) => tier === 'miss')).toHaveLength(racers);
    expect(tiers.filter((tier) => tier === 'dynamodb')).toHaveLength(INSTANCES - racers);
  });

  it(`${INSTANCES} instances finding the ended item once its lease is taken: one AS call and one new item for all of them, and no write from the others`, async () => {
    const instances = fleet(INSTANCES);
    await itemEndedFor('tok-later', instances);
    const refilled = await as.mint(claims);
    as.respond = () => ({ ...jwtAnswer(refilled), delayMs: 200 });
    const holder = instances[0].handler(event('tok-later'));
    while (introspections() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const others = await Promise.all(instances.slice(1).map((instance) => instance.handler(event('tok-later'))));
    await holder;
    expect(introspections()).toBe(1);
    expect(puts).toEqual({ conditional: 1, unconditional: 1 });
    expect(others.map((result) => (result as APIGatewayAuthorizerResult).context?.jwt)).toEqual(Array(INSTANCES - 1).fill(refilled));
  });

  it.each([
    ['a second ago', 1, 1000],
    ['a gateway TTL and more ago (a lone refill)', 0, (GATEWAY_TTL_SECONDS + 2) * 1000],
  ])('an item that ended %s: refilled with %i claim(s), one AS call and one new item', async (_name, claimsSent, pastEndMs) => {
    const instance = harness(config({ gatewayCacheTtlSeconds: GATEWAY_TTL_SECONDS }), { dynamoDb: db.client });
    await itemEndedFor(`tok-ended-${pastEndMs}`, [instance], pastEndMs);
    const refilled = await as.mint(claims);
    as.respond = () => jwtAnswer(refilled);
    const result = (await instance.handler(event(`tok-ended-${pastEndMs}`))) as APIGatewayAuthorizerResult;
    expect(result.context?.jwt).toBe(refilled);
    expect(introspections()).toBe(1);
    expect(puts).toEqual({ conditional: claimsSent, unconditional: 1 });
  });

  it('a lease whose holder died stalls the others no longer than the lease, then they ask the AS themselves', async () => {
    const [instance] = fleet(1);
    await itemEndedFor('tok-orphan', [instance]);
    // The lost holder: a lease taken on the ended item by an instance that never refills it.
    const store = new DynamoDbCacheStore(db.client, table, 1000, cacheNamespace(config()));
    const nowMs = Date.now() + CAP_SECONDS * 1000 + 1000;
    const read = await store.get(tokenHash('tok-orphan'), 'tok-orphan', nowMs);
    if (read.state !== 'ended') throw new Error(`expected an ended item, got ${read.state}`);
    const leaseMs = 400;
    expect(await store.claimRefill(read.item, nowMs + leaseMs, nowMs)).toBe(true);
    as.respond = async () => jwtAnswer(await as.mint(claims));
    const started = Date.now();
    const result = (await instance.handler(event('tok-orphan'))) as APIGatewayAuthorizerResult;
    const waitedMs = Date.now() - started;
    expect(result.principalId).toBe('user-1');
    expect(introspections()).toBe(1);
    expect(waitedMs).toBeGreaterThanOrEqual(leaseMs - 50);
    expect(waitedMs).toBeLessThan(leaseMs + 1000);
  });

  it.each<[string, () => { status: number; delayMs?: number }, string]>([
    ['says the token is inactive', () => ({ status: 204, delayMs: 100 }), 'Unauthorized'],
    ['is down', () => ({ status: 503, delayMs: 100 }), 'Authorizer failure: ERR_AS_UNAVAILABLE'],
  ])('when the AS %s, the holder gives the lease back: nobody is allowed, and nobody waits the whole lease', async (_name, respond, refusal) => {
    const instances = fleet(4);
    await itemEndedFor('tok-refused', instances);
    as.respond = respond;
    const started = Date.now();
    const outcomes = await Promise.all(instances.map((instance) => outcomeOf(instance.handler(event('tok-refused')))));
    expect(outcomes).toEqual(Array(4).fill(refusal));
    // The lease lasts asTimeout + the store timeout (2 s here); given back, the others ask at once.
    expect(Date.now() - started).toBeLessThan(refillLeaseMs(1000, 1000) - 500);
  });

  it('an ended item is never an allow: waiting out a dead holder\'s lease with the AS down ends in a 503', async () => {
    const [instance] = fleet(1);
    await itemEndedFor('tok-stale', [instance]);
    const store = new DynamoDbCacheStore(db.client, table, 1000, cacheNamespace(config()));
    const nowMs = Date.now() + CAP_SECONDS * 1000 + 1000;
    const read = await store.get(tokenHash('tok-stale'), 'tok-stale', nowMs);
    if (read.state !== 'ended') throw new Error(`expected an ended item, got ${read.state}`);
    expect(await store.claimRefill(read.item, nowMs + 200, nowMs)).toBe(true);
    // A second claim on a live lease fails.
    expect(await store.claimRefill(read.item, nowMs + 200, nowMs)).toBe(false);
    as.respond = () => ({ status: 503 });
    expect(await outcomeOf(instance.handler(event('tok-stale')))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
    expect(introspections()).toBe(1);
  });
});
