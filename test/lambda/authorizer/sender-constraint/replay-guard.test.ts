// The replay guard against a real DynamoDB (dynalite; DynamoDB Local too in CI): a proof is accepted once
// across instances sharing the table, concurrent first uses have one winner, an expired item no longer
// counts, and a store that cannot answer refuses to decide (503), never allows.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbJtiStore, jtiKey, JTI_KEY_PREFIX } from '../../../../lambda/authorizer/sender-constraint/jti-store';
import { ReplayGuard } from '../../../../lambda/authorizer/sender-constraint/replay-guard';
import { TokenError, UpstreamError } from '../../../../lambda/shared/errors';
import { BACKENDS, startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TokenError || error instanceof UpstreamError) return error.code;
    throw error;
  }
  return undefined;
}

describe.each(BACKENDS)('ReplayGuard on %s', (backendName) => {
  let db: DynamoDbBackend;
  let table: string;
  beforeAll(async () => {
    db = await startBackend(backendName);
  }, 90_000);
  beforeEach(async () => {
    table = await db.newTable();
  });
  afterAll(async () => {
    await db?.stop();
  });

  const guard = (now = Date.now) => new ReplayGuard({ store: new DynamoDbJtiStore(db.client, table, 1000, now), maxEntries: 100, now });

  it('accepts a proof once; the same instance refuses it again from memory, without I/O', async () => {
    const one = guard();
    const until = Date.now() + 60_000;
    expect(await codeOf(() => one.claim('jkt-a', 'jti-1', until))).toBeUndefined();
    let threw: unknown;
    try {
      one.claim('jkt-a', 'jti-1', until);
    } catch (error) {
      threw = error;
    }
    expect((threw as TokenError).code).toBe('ERR_DPOP_PROOF_REPLAYED');
    expect((threw as TokenError).detail.tier).toBe('memory');
  });

  it('a second instance sharing the table refuses the replay (the conditional write fails)', async () => {
    const until = Date.now() + 60_000;
    await guard().claim('jkt-a', 'jti-2', until);
    const second = guard();
    expect(await codeOf(() => second.claim('jkt-a', 'jti-2', until))).toBe('ERR_DPOP_PROOF_REPLAYED');
    // The same jti under another key is another proof.
    expect(await codeOf(() => second.claim('jkt-b', 'jti-2', until))).toBeUndefined();
  });

  it('of ten instances claiming one proof at once, exactly one wins', async () => {
    const until = Date.now() + 60_000;
    const codes = await Promise.all(Array.from({ length: 10 }, () => codeOf(() => guard().claim('jkt-a', 'jti-race', until))));
    expect(codes.filter((code) => code === undefined)).toHaveLength(1);
    expect(codes.filter((code) => code === 'ERR_DPOP_PROOF_REPLAYED')).toHaveLength(9);
  });

  it('writes its own key namespace with a TTL, and nothing but the key and the TTL', async () => {
    const until = Date.now() + 60_000;
    await guard().claim('jkt-a', 'jti-3', until);
    const key = jtiKey('jkt-a', 'jti-3');
    expect(key.startsWith(JTI_KEY_PREFIX)).toBe(true);
    const { Item } = await db.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key } } }));
    expect(Object.keys(Item ?? {}).sort()).toEqual(['pk', 'ttl']);
    expect(Number(Item!.ttl.N)).toBe(Math.ceil(until / 1000));
  });

  it('an item past its TTL (not yet deleted by DynamoDB) no longer counts', async () => {
    let now = Date.now();
    const until = now + 60_000;
    await guard(() => now).claim('jkt-a', 'jti-4', until);
    now = until + 2_000;
    expect(await codeOf(() => guard(() => now).claim('jkt-a', 'jti-4', now + 60_000))).toBeUndefined();
  });
});

it('a store that cannot answer is ERR_REPLAY_STORE_UNAVAILABLE (503), never an allow', async () => {
  const unreachable = new DynamoDBClient({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const guard = new ReplayGuard({ store: new DynamoDbJtiStore(unreachable, 'table', 500), maxEntries: 10, now: Date.now });
  expect(await codeOf(() => guard.claim('jkt-a', 'jti-5', Date.now() + 60_000))).toBe('ERR_REPLAY_STORE_UNAVAILABLE');
  unreachable.destroy();
});

it('without a table the memory tier alone holds, and evicts expired entries before live ones', () => {
  let now = 1_000_000;
  const guard = new ReplayGuard({ maxEntries: 2, now: () => now });
  guard.claim('k', 'a', now + 10);
  guard.claim('k', 'b', now + 1_000);
  now += 20;
  guard.claim('k', 'c', now + 1_000);
  expect(() => guard.claim('k', 'b', now + 1_000)).toThrow(TokenError);
  expect(guard.claim('k', 'a', now + 1_000)).toBeUndefined();
});
