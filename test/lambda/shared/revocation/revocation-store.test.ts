// The revocation items in the cache table, against dynalite: the epoch counts, the log holds each
// revocation in its bucket, a SET's jti is claimed once.
import { BUCKET_SIZE, DynamoDbRevocationStore, revocationValueHash, type Revocation } from '../../../../lambda/shared/revocation';
import { decodeRevocation, encodeRevocation } from '../../../../lambda/shared/revocation/revocation-store';
import { startBackend, type DynamoDbBackend } from '../../authorizer/helpers/dynamodb-backends';

let db: DynamoDbBackend;
beforeAll(async () => {
  db = await startBackend('dynalite');
}, 60_000);
afterAll(async () => db?.stop());

const revocation = (value: string, atMs = 1_000): Revocation => ({ kind: 'sub', hash: revocationValueHash('sub', value), atMs, expiresAtMs: atMs + 360_000 });

async function newStore(): Promise<DynamoDbRevocationStore> {
  return new DynamoDbRevocationStore({ client: db.client, tableName: await db.newTable(), timeoutMs: 2_000 });
}

it('the epoch is 0 on an empty table and counts each recorded revocation', async () => {
  const store = await newStore();
  expect(await store.readEpoch()).toBe(0);
  expect(await store.record(revocation('a'))).toBe(1);
  expect(await store.record(revocation('b'))).toBe(2);
  expect(await store.readEpoch()).toBe(2);
  const { found, revocations } = await store.readBucket(0);
  expect(found).toBe(true);
  expect([...revocations.keys()]).toEqual([1, 2]);
  expect(revocations.get(2)).toEqual(revocation('b'));
});

it('revocations past a bucket boundary go to the next bucket', async () => {
  const store = await newStore();
  for (let i = 1; i <= BUCKET_SIZE; i++) await store.record(revocation(`s${i}`));
  expect((await store.readBucket(0)).revocations.size).toBe(BUCKET_SIZE - 1);
  expect([...(await store.readBucket(1)).revocations.keys()]).toEqual([BUCKET_SIZE]);
  expect((await store.readBucket(2)).found).toBe(false);
}, 60_000);

it('a SET is claimed once per issuer and jti, and a released claim can be taken again', async () => {
  const store = await newStore();
  expect(await store.claimEvent('https://as', 'set-1', Date.now() + 60_000)).toBe(true);
  expect(await store.claimEvent('https://as', 'set-1', Date.now() + 60_000)).toBe(false);
  expect(await store.claimEvent('https://other-as', 'set-1', Date.now() + 60_000)).toBe(true);
  await store.releaseEvent('https://as', 'set-1');
  expect(await store.claimEvent('https://as', 'set-1', Date.now() + 60_000)).toBe(true);
});

it('a log entry that is not one decodes to nothing', () => {
  expect(decodeRevocation(encodeRevocation(revocation('x')))).toEqual(revocation('x'));
  expect(decodeRevocation('root deadbeef 1 2')).toBeUndefined();
  expect(decodeRevocation(`sub ${'a'.repeat(63)} 1 2`)).toBeUndefined();
  expect(decodeRevocation(`sub ${'a'.repeat(64)} x 2`)).toBeUndefined();
});
