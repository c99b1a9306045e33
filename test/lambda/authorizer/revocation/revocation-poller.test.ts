// The poller against dynalite: a cold instance loads the live backlog, a warm one reads only what is new,
// at most once per interval; a failed poll is reported and refuses nothing.
import { RevocationPoller } from '../../../../lambda/authorizer/revocation';
import type { VerifiedIdentity } from '../../../../lambda/authorizer/exchange/types';
import { DynamoDbRevocationStore, revocationValueHash, type Revocation, type RevocationReader } from '../../../../lambda/shared/revocation';
import { tokenHash } from '../../../../lambda/shared/token-hash';
import { startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';

let db: DynamoDbBackend;
beforeAll(async () => {
  db = await startBackend('dynalite');
}, 60_000);
afterAll(async () => db?.stop());

const identity = (sub: string, issuedAtMs?: number): VerifiedIdentity => ({ jwt: 'j', sub, clientId: 'c1', scope: '', expiresAtMs: Date.now() + 60_000, issuedAtMs });
const bySub = (sub: string, atMs: number, expiresAtMs = atMs + 360_000): Revocation => ({ kind: 'sub', hash: revocationValueHash('sub', sub), atMs, expiresAtMs });

async function newStore(): Promise<DynamoDbRevocationStore> {
  return new DynamoDbRevocationStore({ client: db.client, tableName: await db.newTable(), timeoutMs: 2_000 });
}

it('a cold instance loads the live backlog, then only what is new, at most once per interval', async () => {
  const store = await newStore();
  let nowMs = Date.now();
  await store.record(bySub('alice', nowMs - 1_000));
  await store.record(bySub('expired', nowMs - 400_000, nowMs - 40_000));
  const forgotten: string[] = [];
  const poller = new RevocationPoller({ reader: store, intervalMs: 2_000, now: () => nowMs, onTokenRevoked: (hash) => forgotten.push(hash) });
  expect(await poller.pollIfDue()).toBe('ok');
  expect(poller.refusal('h', identity('alice', nowMs - 5_000))?.kind).toBe('sub');
  expect(poller.list.size).toBe(1);
  await store.record({ kind: 'token', hash: tokenHash('opaque-1'), atMs: nowMs, expiresAtMs: nowMs + 360_000 });
  expect(poller.pollIfDue()).toBeUndefined();
  nowMs += 2_000;
  expect(await poller.pollIfDue()).toBe('ok');
  expect(forgotten).toEqual([tokenHash('opaque-1')]);
  expect(poller.refusal(tokenHash('opaque-1'), identity('bob'))?.kind).toBe('token');
});

it('a sub revocation refuses tokens issued before it, not those issued after; the first refusal carries the delay', async () => {
  const store = await newStore();
  const nowMs = Date.now();
  await store.record(bySub('alice', nowMs - 3_000));
  const poller = new RevocationPoller({ reader: store, intervalMs: 2_000, now: () => nowMs });
  await poller.pollIfDue();
  expect(poller.refusal('h', identity('alice', nowMs - 10_000))).toEqual({ kind: 'sub', firstRefusalDelayMs: 3_000 });
  expect(poller.refusal('h', identity('alice', nowMs - 10_000))).toEqual({ kind: 'sub' });
  expect(poller.refusal('h', identity('alice', nowMs - 1_000))).toBeUndefined();
  expect(poller.refusal('h', identity('bob', nowMs - 10_000))).toBeUndefined();
});

it('a sequence counted but not yet written is read again on the next poll', async () => {
  const store = await newStore();
  let nowMs = Date.now();
  const poller = new RevocationPoller({ reader: store, intervalMs: 1, now: () => nowMs });
  await poller.pollIfDue();
  // The receiver bumps the epoch, then writes the entry: a poll can fall between the two.
  let hideSequence: number | undefined;
  const racing: RevocationReader = {
    readEpoch: () => store.readEpoch(),
    readBucket: async (bucket) => {
      const read = await store.readBucket(bucket);
      const revocations = new Map(read.revocations);
      if (hideSequence !== undefined) revocations.delete(hideSequence);
      return { found: read.found, revocations };
    },
  };
  const racingPoller = new RevocationPoller({ reader: racing, intervalMs: 1, now: () => nowMs });
  await racingPoller.pollIfDue();
  hideSequence = await store.record(bySub('carol', nowMs));
  nowMs += 10;
  await racingPoller.pollIfDue();
  expect(racingPoller.refusal('h', identity('carol', nowMs - 60_000))).toBeUndefined();
  hideSequence = undefined;
  nowMs += 10;
  await racingPoller.pollIfDue();
  expect(racingPoller.refusal('h', identity('carol', nowMs - 60_000))?.kind).toBe('sub');
});

it('a failed poll is reported, refuses nothing, and is not retried before the interval', async () => {
  let reads = 0;
  const failures: unknown[] = [];
  let nowMs = 0;
  const poller = new RevocationPoller({
    reader: { readEpoch: async () => { reads++; throw Object.assign(new Error('down'), { name: 'TimeoutError' }); }, readBucket: async () => ({ found: false, revocations: new Map() }) },
    intervalMs: 2_000,
    now: () => nowMs,
    onPollFailure: (error) => failures.push(error),
  });
  expect(await poller.pollIfDue()).toBe('failed');
  expect(poller.pollIfDue()).toBeUndefined();
  nowMs += 2_000;
  expect(await poller.pollIfDue()).toBe('failed');
  expect(reads).toBe(2);
  expect(failures).toHaveLength(2);
  expect(poller.refusal('h', identity('alice', 0))).toBeUndefined();
});
