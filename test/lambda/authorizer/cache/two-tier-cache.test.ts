// The two-tier cache with a real DynamoDB (dynalite; DynamoDB Local too under CI or DYNAMODB_LOCAL=1) and a
// scripted AS on loopback.
import { DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { generateKeyPair } from 'jose';
import { CACHE_ITEM } from '../../../../lambda/authorizer/cache/dynamodb-store';
import { cacheItemKey, cacheNamespace } from '../../../../lambda/authorizer/cache/item-key';
import { encryptValue } from '../../../../lambda/authorizer/cache/value-crypto';
import { tokenHash, tokenHashPrefix } from '../../../../lambda/shared/token-hash';
import { restRequestEvent, testConfig } from '../helpers/config';
import { emittedMetrics } from '../../shared/emf-lines';
import { BACKENDS, startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';
import { harness, outcomeOf } from '../helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

/** Builds the handler with embedded metrics on (they are off outside Lambda by default). */
function withMetrics<T>(build: () => T): T {
  const previous = process.env.PHANTOM_METRICS;
  process.env.PHANTOM_METRICS = 'on';
  try {
    return build();
  } finally {
    if (previous === undefined) delete process.env.PHANTOM_METRICS;
    else process.env.PHANTOM_METRICS = previous;
  }
}

/** A metric summed over every line, counted once per line (its dimensionless set), as CloudWatch's Sum would. */
function metricSum(lines: readonly string[], name: string): number {
  return lines
    .flatMap((line) => emittedMetrics(line))
    .filter((metric) => metric.name === name && Object.keys(metric.dimensions).length === 1)
    .reduce((sum, metric) => sum + metric.value, 0);
}

const claims = { sub: 'user-1', client_id: 'invoices-client', scope: 'invoice_read', aud: 'https://api.example.com' };

describe.each(BACKENDS)('two-tier cache on %s', (backendName) => {
  let as: ScriptedAs;
  let db: DynamoDbBackend;
  let table: string;
  let jwt: string;

  beforeAll(async () => {
    [as, db] = await Promise.all([startScriptedAs(), startBackend(backendName)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([as?.stop(), db?.stop()]);
  });
  beforeEach(async () => {
    table = await db.newTable();
    as.requests.length = 0;
    jwt = await as.mint(claims, {});
    as.respond = () => jwtAnswer(jwt);
  });

  const config = (overrides = {}) => testConfig({ issuer: as.issuer, cacheTable: table, ...overrides });
  /** Where the authorizer of `config()` keeps a token's item. */
  const itemKey = (token: string) => cacheItemKey(cacheNamespace(config()), tokenHash(token));
  const introspections = () => as.requests.filter((request) => request.path === '/introspect').length;
  const event = (token: string, method = 'GET', resource = '/invoices', path = resource) => restRequestEvent(`Bearer ${token}`, method, resource, path);

  it('answers from memory, then from DynamoDB in a new instance, calling the AS once', async () => {
    const first = harness(config(), { dynamoDb: db.client });
    await first.handler(event('tok-1'));
    await first.handler(event('tok-1'));
    const second = harness(config(), { dynamoDb: db.client });
    const result = (await second.handler(event('tok-1'))) as APIGatewayAuthorizerResult;
    await second.handler(event('tok-1'));
    expect(introspections()).toBe(1);
    expect(result.context?.jwt).toBe(jwt);
    const decisions = [...first.decisions(), ...second.decisions()];
    expect(decisions.map((line) => line.cacheTier)).toEqual(['miss', 'memory', 'dynamodb', 'memory']);
    // Every line names the token by the first 12 hex characters of its hash, and by nothing else.
    expect(tokenHashPrefix(tokenHash('tok-1'))).toMatch(/^[0-9a-f]{12}$/);
    expect(decisions.map((line) => line.tokenHashPrefix)).toEqual(Array(4).fill(tokenHash('tok-1').slice(0, 12)));
  });

  it('keeps lifetimes absolute, never sliding: hits in memory or a refill from DynamoDB do not extend an entry', async () => {
    const absolute = config({ cacheMaxTtlSeconds: 10 });
    const first = harness(absolute, { dynamoDb: db.client });
    await first.handler(event('tok-absolute')); // filled at t0: lives until t0 + 10 s
    for (const step of [3000, 3000, 3000]) {
      first.advance(step);
      await first.handler(event('tok-absolute'));
    }
    const second = harness(absolute, { dynamoDb: db.client });
    second.advance(5000);
    await second.handler(event('tok-absolute')); // refilled from tier 2 at t0 + 5 s
    second.advance(4000);
    await second.handler(event('tok-absolute'));
    expect(introspections()).toBe(1);
    // At the original expiry both instances miss (the AS now says inactive: nothing is refilled).
    as.respond = () => ({ status: 204 });
    second.advance(1000);
    first.advance(1000);
    expect(await outcomeOf(second.handler(event('tok-absolute')))).toBe('Unauthorized');
    expect(await outcomeOf(first.handler(event('tok-absolute')))).toBe('Unauthorized');
    expect(introspections()).toBe(3);
    expect(first.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'memory', 'memory', 'memory', 'miss']);
    expect(second.decisions().map((line) => line.cacheTier)).toEqual(['dynamodb', 'memory', 'miss']);
  });

  describe('a tier-2 entry is verified again before use', () => {
    const farFuture = () => Date.now() + 365 * 24 * 3600_000;

    /** Writes an item as someone with write access to the table can: sealed correctly for `token`. */
    async function plant(token: string, value: unknown): Promise<void> {
      const key = itemKey(token);
      await db.client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            [CACHE_ITEM.partitionKey]: { S: key },
            [CACHE_ITEM.value]: { B: encryptValue(token, key, JSON.stringify(value)) },
            [CACHE_ITEM.ttl]: { N: String(Math.ceil(farFuture() / 1000)) },
          },
        }),
      );
    }

    /** The entry the authorizer itself would write for `forgedJwt`, with any stored identity field overridden. */
    function entryFor(forgedJwt: string, identity: Record<string, unknown> = {}) {
      const expiresAtMs = farFuture();
      return { active: true, identity: { jwt: forgedJwt, sub: claims.sub, clientId: claims.client_id, scope: claims.scope, expiresAtMs, ...identity }, expiresAtMs };
    }

    const unsigned = (payload: Record<string, unknown>) =>
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;

    it.each<[string, () => Promise<unknown>, string]>([
      ['an unsigned JWT (alg none)', async () => entryFor(unsigned({ ...claims, iss: as.issuer, exp: Math.floor(farFuture() / 1000) })), 'ERR_JWT_ALGORITHM'],
      ['a JWT signed with another key under the AS kid', async () => entryFor(await as.mint(claims, { key: (await generateKeyPair('RS256')).privateKey })), 'ERR_JWT_SIGNATURE'],
      ['a JWT from another issuer', async () => entryFor(await as.mint({ ...claims, iss: 'https://evil.example.com' })), 'ERR_JWT_CLAIM'],
      ['an expired JWT stored with a far-future expiry', async () => entryFor(await as.mint({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })), 'ERR_JWT_EXPIRED'],
      // A genuine JWT whose scope does not cover the route, stored with one that does.
      ['a genuine JWT stored with a broader scope than its own', async () => entryFor(await as.mint({ ...claims, scope: 'stream_read' }), { scope: 'invoice_read' }), 'ERR_CLAIM_MISMATCH'],
      ['a genuine JWT stored under another subject', async () => entryFor(await as.mint(claims), { sub: 'admin' }), 'ERR_CLAIM_MISMATCH'],
      ['no JWT at all', async () => ({ active: true, identity: { scope: 'invoice_read', sub: 'mallory' }, expiresAtMs: farFuture() }), 'ERR_JWT_INVALID'],
    ])('a forged entry with %s is a miss, never an allow, and is logged as a warning', async (_name, forge, reason) => {
      const token = `forged-${reason}-${Math.random().toString(36).slice(2)}`;
      await plant(token, await forge());
      as.respond = () => ({ status: 204 }); // the AS does not know the attacker's token
      const h = harness(config(), { dynamoDb: db.client });
      expect(await outcomeOf(h.handler(event(token)))).toBe('Unauthorized');
      expect(introspections()).toBe(1);
      expect(h.decisions()).toEqual([expect.objectContaining({ outcome: 'unauthorized', reason: 'ERR_TOKEN_INACTIVE', cacheTier: 'miss' })]);
      const rejected = h.lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'cache_entry_rejected');
      expect(rejected).toEqual([{ level: 'warn', time: expect.any(String), msg: 'cache_entry_rejected', reason }]);
      for (const line of h.lines) expect(line).not.toContain(token);
    });

    it('a genuine entry is used only until its JWT expires, whatever expiry was stored with it', async () => {
      const shortJwt = await as.mint({ ...claims, exp: Math.floor(Date.now() / 1000) + 5 });
      await plant('tok-stored-long', entryFor(shortJwt));
      as.respond = () => ({ status: 204 });
      const h = harness(config(), { dynamoDb: db.client });
      const result = (await h.handler(event('tok-stored-long'))) as APIGatewayAuthorizerResult;
      expect(result.context?.jwt).toBe(shortJwt);
      h.advance(6000);
      expect(await outcomeOf(h.handler(event('tok-stored-long')))).toBe('Unauthorized');
      expect(h.decisions().map((line) => line.cacheTier)).toEqual(['dynamodb', 'miss']);
      expect(introspections()).toBe(1);
    });
  });

  it('stores the item under the token hash, sealed, with the TTL in epoch seconds', async () => {
    const h = harness(config(), { dynamoDb: db.client });
    await h.handler(event('tok-2'));
    const { Item } = await db.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: itemKey('tok-2') } } }));
    expect(Item).toBeDefined();
    const ttl = Number(Item![CACHE_ITEM.ttl].N);
    const exp = claims && JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).exp;
    expect(ttl).toBeLessThanOrEqual(exp);
    expect(ttl).toBeGreaterThan(Date.now() / 1000);
    expect(ttl).toBeLessThan(Date.now() / 1000 + 301); // capped at cacheMaxTtlSeconds
    expect(Item![CACHE_ITEM.value].B).toBeInstanceOf(Uint8Array);
  });

  it('evaluates the route rule on every request, cache hits included', async () => {
    const h = harness(config(), { dynamoDb: db.client });
    const allowed = (await h.handler(event('tok-3'))) as APIGatewayAuthorizerResult;
    expect(allowed.policyDocument.Statement.find((s) => s.Effect === 'Allow')).toBeDefined();
    const denied = (await h.handler(event('tok-3', 'GET', '/streams/{id}', '/streams/s1'))) as APIGatewayAuthorizerResult;
    expect(introspections()).toBe(1);
    expect(h.decisions().map((line) => [line.outcome, line.reason, line.cacheTier])).toEqual([
      ['allow', 'OK', 'miss'],
      ['deny', 'ERR_SCOPE_INSUFFICIENT', 'memory'],
    ]);
    // The deny still carries the context: API Gateway caches one answer per token for every route.
    expect(denied.context?.jwt).toBe(jwt);
    expect(denied.policyDocument.Statement).toEqual(allowed.policyDocument.Statement);
  });

  it('denies a route without a rule (deny by default)', async () => {
    const h = harness(config(), { dynamoDb: db.client });
    const result = (await h.handler(event('tok-4', 'DELETE', '/invoices/{id}', '/invoices/1'))) as APIGatewayAuthorizerResult;
    expect(h.decisions()[0]).toMatchObject({ outcome: 'deny', reason: 'ERR_ROUTE_UNKNOWN' });
    expect(result.policyDocument.Statement.some((s) => s.Effect === 'Allow' && JSON.stringify(s).includes('DELETE'))).toBe(false);
  });

  it('checks expiry on read: an expired item DynamoDB still holds is not used', async () => {
    const shortJwt = await as.mint({ ...claims, exp: Math.floor(Date.now() / 1000) + 2 });
    as.respond = () => jwtAnswer(shortJwt);
    const h = harness(config(), { dynamoDb: db.client });
    await h.handler(event('tok-5'));
    // Three seconds later the item is still in the table (TTL deletion is late) but must not be used.
    const later = harness(config(), { dynamoDb: db.client });
    later.advance(3000);
    const { Item } = await db.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: itemKey('tok-5') } } }));
    expect(Number(Item![CACHE_ITEM.ttl].N) * 1000).toBeLessThan(Date.now() + 3000);
    as.respond = () => jwtAnswer(jwt);
    const result = (await later.handler(event('tok-5'))) as APIGatewayAuthorizerResult;
    expect(result.context?.jwt).toBe(jwt);
    expect(introspections()).toBe(2);
    // The first instance's memory entry expired too; it now finds the fresh item in DynamoDB.
    h.advance(3000);
    await h.handler(event('tok-5'));
    expect(introspections()).toBe(2);
    expect(h.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'dynamodb']);
  });

  it('keeps an answer sent with Cache-Control: no-store in both tiers by default, bounded by max-age', async () => {
    as.respond = () => jwtAnswer(jwt, { 'cache-control': 'no-store' });
    const h = harness(config(), { dynamoDb: db.client });
    await h.handler(event('tok-no-store'));
    await h.handler(event('tok-no-store'));
    expect(introspections()).toBe(1);
    const { Item } = await db.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: itemKey('tok-no-store') } } }));
    expect(Number(Item![CACHE_ITEM.ttl].N)).toBeGreaterThan(Date.now() / 1000 + 290); // the 300 s cap
    as.respond = () => jwtAnswer(jwt, { 'cache-control': 'no-store, max-age=10' });
    await h.handler(event('tok-max-age'));
    h.advance(10_001);
    await h.handler(event('tok-max-age'));
    expect(introspections()).toBe(3);
    expect(h.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'memory', 'miss', 'miss']);
  });

  it('with honorNoStore, caches nothing from a no-store or no-cache answer (neither tier), but still from others', async () => {
    const h = harness(config({ honorNoStore: true }), { dynamoDb: db.client });
    for (const cacheControl of ['no-store', 'no-cache, max-age=60']) {
      as.respond = () => jwtAnswer(jwt, { 'cache-control': cacheControl });
      await h.handler(event('tok-honored'));
      await h.handler(event('tok-honored'));
    }
    expect(introspections()).toBe(4);
    expect((await db.client.send(new ScanCommand({ TableName: table }))).Items).toHaveLength(0);
    as.respond = () => jwtAnswer(jwt, { 'cache-control': 'max-age=60' });
    await h.handler(event('tok-honored'));
    await h.handler(event('tok-honored'));
    expect(introspections()).toBe(5);
    expect(h.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'miss', 'miss', 'miss', 'miss', 'memory']);
  });

  it('caches inactive tokens for the negative time only, in memory', async () => {
    as.respond = () => ({ status: 204 });
    const h = harness(config({ negativeCacheSeconds: 5 }), { dynamoDb: db.client });
    expect(await outcomeOf(h.handler(event('dead')))).toBe('Unauthorized');
    expect(await outcomeOf(h.handler(event('dead')))).toBe('Unauthorized');
    expect(introspections()).toBe(1);
    h.advance(5001);
    expect(await outcomeOf(h.handler(event('dead')))).toBe('Unauthorized');
    expect(introspections()).toBe(2);
    expect(h.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'negative', 'miss']);
    const { Items } = await db.client.send(new ScanCommand({ TableName: table }));
    expect(Items).toHaveLength(0);
  });

  it('makes one AS call for concurrent requests with the same uncached token (single flight)', async () => {
    as.respond = () => ({ ...jwtAnswer(jwt), delayMs: 150 });
    const h = harness(config(), { dynamoDb: db.client });
    const results = await Promise.all(Array.from({ length: 20 }, () => h.handler(event('burst'))));
    expect(introspections()).toBe(1);
    expect(results.every((result) => (result as APIGatewayAuthorizerResult).context?.jwt === jwt)).toBe(true);
  });

  it('counts the single-flight AS call once: only the leader carries asLatencyMs, AsCalls sums to 1', async () => {
    as.respond = () => ({ ...jwtAnswer(jwt), delayMs: 150 });
    const h = withMetrics(() => harness(config(), { dynamoDb: db.client }));
    await Promise.all(Array.from({ length: 100 }, () => h.handler(event('burst-100'))));
    expect(introspections()).toBe(1);
    const decisions = h.decisions();
    expect(decisions).toHaveLength(100);
    expect(decisions.filter((line) => line.asLatencyMs !== undefined)).toHaveLength(1);
    expect(decisions.filter((line) => line.singleFlight === 'joined')).toHaveLength(99);
    expect(decisions.find((line) => line.asLatencyMs !== undefined)!.singleFlight).toBeUndefined();
    expect(new Set(decisions.map((line) => line.cacheTier))).toEqual(new Set(['miss']));
    expect(metricSum(h.lines, 'AsCalls')).toBe(1);
    expect(metricSum(h.lines, 'CacheMisses')).toBe(100);
    expect(metricSum(h.lines, 'Decisions')).toBe(100);
  });

  it('counts a failed single-flight AS call once too: one AsCalls, one AsErrors, the kind on the leader only', async () => {
    as.respond = () => ({ status: 500, delayMs: 100 });
    const h = withMetrics(() => harness(config(), { dynamoDb: db.client }));
    await Promise.all(Array.from({ length: 10 }, () => outcomeOf(h.handler(event('burst-fail')))));
    expect(introspections()).toBe(1);
    const decisions = h.decisions();
    expect(decisions.map((line) => line.reason)).toEqual(Array(10).fill('ERR_AS_UNAVAILABLE'));
    expect(decisions.filter((line) => line.asErrorKind === 'http_5xx' && line.singleFlight === undefined)).toHaveLength(1);
    expect(decisions.filter((line) => line.singleFlight === 'joined' && line.asErrorKind === undefined)).toHaveLength(9);
    expect(metricSum(h.lines, 'AsCalls')).toBe(1);
    expect(metricSum(h.lines, 'AsErrors')).toBe(1);
  });

  it('shares a failure among single-flight followers and caches nothing from it', async () => {
    as.respond = () => ({ status: 500, delayMs: 100 });
    const h = harness(config(), { dynamoDb: db.client });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => outcomeOf(h.handler(event('fail')))));
    expect(new Set(outcomes)).toEqual(new Set(['Authorizer failure: ERR_AS_UNAVAILABLE']));
    expect(introspections()).toBe(1);
    as.respond = () => jwtAnswer(jwt);
    await h.handler(event('fail'));
    expect(introspections()).toBe(2);
    const { Items } = await db.client.send(new ScanCommand({ TableName: table }));
    expect(Items).toHaveLength(1);
  });

  it('ignores an item sealed for another token', async () => {
    const h = harness(config(), { dynamoDb: db.client });
    await h.handler(event('victim'));
    const { Item } = await db.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: itemKey('victim') } } }));
    // Someone with table access copies the item under another token's key: it does not decrypt.
    await db.client.send(new PutItemCommand({ TableName: table, Item: { ...Item!, pk: { S: itemKey('attacker') } } }));
    as.respond = () => ({ status: 204 });
    const other = harness(config(), { dynamoDb: db.client });
    expect(await outcomeOf(other.handler(event('attacker')))).toBe('Unauthorized');
    // Reported as a rejected entry (someone wrote it), not as a DynamoDB failure.
    expect(other.lines.map((line) => JSON.parse(line).msg)).toContain('cache_entry_rejected');
    expect(other.lines.some((line) => line.includes('dynamodb_error'))).toBe(false);
  });

  it('writes no token or JWT into DynamoDB items or log lines', async () => {
    const tokens = ['secret-opaque-token-AAAA', 'secret-opaque-token-BBBB'];
    const h = harness(config(), { dynamoDb: db.client });
    for (const token of tokens) {
      await h.handler(event(token));
      await h.handler(event(token, 'GET', '/streams/{id}', '/streams/1'));
    }
    as.respond = () => ({ status: 204 });
    await outcomeOf(h.handler(event('secret-opaque-token-CCCC')));
    as.respond = () => ({ status: 500 });
    await outcomeOf(h.handler(event('secret-opaque-token-DDDD')));
    const { Items } = await db.client.send(new ScanCommand({ TableName: table }));
    expect(Items!.length).toBe(2);
    const dumped = Items!.map((item) =>
      Object.values(item).map((value) => (value.B ? Buffer.from(value.B).toString('latin1') : String(value.S ?? value.N))).join('|'),
    );
    const secrets = [...tokens, 'secret-opaque-token-CCCC', 'secret-opaque-token-DDDD', jwt, jwt.split('.')[1], jwt.split('.')[2]];
    for (const text of [...dumped, ...h.lines]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(h.lines.length).toBeGreaterThanOrEqual(6);
  });
});

describe('tier 2 failures degrade to the AS', () => {
  let as: ScriptedAs;
  beforeAll(async () => {
    as = await startScriptedAs();
    const jwt = await as.mint(claims);
    as.respond = () => jwtAnswer(jwt);
  });
  afterAll(() => as.stop());

  it('allows through the AS when DynamoDB is down, and logs the failure', async () => {
    const client = new DynamoDBClient({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const h = harness(testConfig({ issuer: as.issuer, cacheTable: 'phantom-token-cache' }), { dynamoDb: client });
    const result = (await h.handler(restRequestEvent('Bearer tok-down'))) as APIGatewayAuthorizerResult;
    expect(result.policyDocument.Statement[0].Effect).toBe('Allow');
    const events = h.lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'dynamodb_error');
    expect(events.map((line) => line.operation)).toEqual(['GetItem', 'PutItem']);
    expect(events[0]).toMatchObject({ kind: 'network' });
  });

  it('allows through the AS when DynamoDB throttles (mock: throttling cannot be made real locally)', async () => {
    const throttled = {
      send: async () => {
        throw new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} });
      },
    } as unknown as DynamoDBClient;
    const h = harness(testConfig({ issuer: as.issuer, cacheTable: 'phantom-token-cache' }), { dynamoDb: throttled });
    const result = (await h.handler(restRequestEvent('Bearer tok-throttle'))) as APIGatewayAuthorizerResult;
    expect(result.policyDocument.Statement[0].Effect).toBe('Allow');
    const kinds = h.lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'dynamodb_error').map((line) => line.kind);
    expect(kinds).toEqual(['throttle', 'throttle']);
  });
});
