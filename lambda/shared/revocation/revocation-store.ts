// Revocations in the cache table, in their own key namespace (`rev#...`; cache items are
// `<namespace>.<hash>`, so the two never meet). Three item kinds:
// - `rev#epoch`: one counter, the sequence number of the latest revocation. Authorizers read this small
//   item every poll interval; nothing else while it does not move.
// - `rev#log#<bucket>`: revocations `e<seq>` in buckets of BUCKET_SIZE sequence numbers, so catching up on
//   a few new revocations is one GetItem, and a cold start reads the live backlog bucket by bucket.
// - `rev#set#<hash of iss and jti>`: a SET that was applied, written conditionally so each is applied once.
// Every item carries `ttl`: revocations live as long as any cache entry they could match. Reads are
// strongly consistent: a poll that reads the new epoch must not then miss its entry on a stale replica.
import { DeleteItemCommand, GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { hash } from 'node:crypto';
import { putIfCondition } from '../conditional-put';
import { withSdkTimeoutSignal } from '../timeout-signal';
import { REVOCATION_ITEM } from './revocation-items';
import { REVOCATION_KINDS, type Revocation, type RevocationKind } from './revocation';

export { REVOCATION_ITEM };


/** Sequence numbers per log item: a DynamoDB item holds 400 KB, a revocation about 100 bytes. */
export const BUCKET_SIZE = 100;

export function bucketOf(sequence: number): number {
  return Math.floor(sequence / BUCKET_SIZE);
}

export interface RevocationWriter {
  /** Records one revocation; resolves with its sequence number. */
  record(revocation: Revocation): Promise<number>;
  /** True the first time a SET (by issuer and jti) is claimed, false for a replay. */
  claimEvent(issuer: string, jti: string, expiresAtMs: number): Promise<boolean>;
  /** Gives a claim back when applying its SET failed, so the transmitter's next delivery applies it. */
  releaseEvent(issuer: string, jti: string): Promise<void>;
}

export interface RevocationReader {
  /** The latest sequence number (0 before the first revocation). */
  readEpoch(): Promise<number>;
  /** The revocations of one log bucket by sequence number, expired ones included (a missing one is not yet written). */
  readBucket(bucket: number): Promise<{ readonly found: boolean; readonly revocations: ReadonlyMap<number, Revocation> }>;
}

export interface RevocationStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Each call's own timeout. */
  readonly timeoutMs: number;
}

export class DynamoDbRevocationStore implements RevocationWriter, RevocationReader {
  constructor(private readonly options: RevocationStoreOptions) {}

  async record(revocation: Revocation): Promise<number> {
    const { Attributes } = await withSdkTimeoutSignal(this.options.timeoutMs, (abortSignal) =>
      this.options.client.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: key(REVOCATION_ITEM.epochKey),
          UpdateExpression: 'ADD #seq :one',
          ExpressionAttributeNames: { '#seq': REVOCATION_ITEM.sequence },
          ExpressionAttributeValues: { ':one': { N: '1' } },
          ReturnValues: 'UPDATED_NEW',
        }),
        { abortSignal },
      ),
    );
    const sequence = Number(Attributes?.[REVOCATION_ITEM.sequence]?.N);
    const ttlSeconds = Math.ceil(revocation.expiresAtMs / 1000);
    // The bucket's ttl only grows: revocations are recorded with one retention, in sequence order.
    await withSdkTimeoutSignal(this.options.timeoutMs, (abortSignal) =>
      this.options.client.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: key(`${REVOCATION_ITEM.logKeyPrefix}${bucketOf(sequence)}`),
          UpdateExpression: 'SET #entry = :entry, #ttl = :ttl',
          ExpressionAttributeNames: { '#entry': `e${sequence}`, '#ttl': REVOCATION_ITEM.ttl },
          ExpressionAttributeValues: { ':entry': { S: encodeRevocation(revocation) }, ':ttl': { N: String(ttlSeconds) } },
        }),
        { abortSignal },
      ),
    );
    return sequence;
  }

  async releaseEvent(issuer: string, jti: string): Promise<void> {
    await withSdkTimeoutSignal(this.options.timeoutMs, (abortSignal) => this.options.client.send(new DeleteItemCommand({ TableName: this.options.tableName, Key: key(eventKeyOf(issuer, jti)) }), { abortSignal }));
  }

  async claimEvent(issuer: string, jti: string, expiresAtMs: number): Promise<boolean> {
    return putIfCondition(
      this.options.client,
      {
        TableName: this.options.tableName,
        Item: { ...key(eventKeyOf(issuer, jti)), [REVOCATION_ITEM.ttl]: { N: String(Math.ceil(expiresAtMs / 1000)) } },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': REVOCATION_ITEM.partitionKey },
      },
      this.options.timeoutMs,
    );
  }

  async readEpoch(): Promise<number> {
    const { Item } = await withSdkTimeoutSignal(this.options.timeoutMs, (abortSignal) => this.options.client.send(new GetItemCommand({ TableName: this.options.tableName, Key: key(REVOCATION_ITEM.epochKey), ConsistentRead: true }), { abortSignal }));
    return Number(Item?.[REVOCATION_ITEM.sequence]?.N ?? 0);
  }

  async readBucket(bucket: number): Promise<{ found: boolean; revocations: ReadonlyMap<number, Revocation> }> {
    const { Item } = await withSdkTimeoutSignal(this.options.timeoutMs, (abortSignal) =>
      this.options.client.send(
        new GetItemCommand({ TableName: this.options.tableName, Key: key(`${REVOCATION_ITEM.logKeyPrefix}${bucket}`), ConsistentRead: true }),
        { abortSignal },
      ),
    );
    const revocations = new Map<number, Revocation>();
    if (!Item) return { found: false, revocations };
    for (const [name, value] of Object.entries(Item)) {
      if (!/^e\d+$/.test(name) || value.S === undefined) continue;
      const revocation = decodeRevocation(value.S);
      if (revocation) revocations.set(Number(name.slice(1)), revocation);
    }
    return { found: true, revocations };
  }

}

function eventKeyOf(issuer: string, jti: string): string {
  return `${REVOCATION_ITEM.setKeyPrefix}${hash('sha256', JSON.stringify([issuer, jti]), 'hex')}`;
}

function key(pk: string): Record<string, { S: string }> {
  return { [REVOCATION_ITEM.partitionKey]: { S: pk } };
}

/** `<kind> <hash> <atMs> <expiresAtMs>`: a hundred bytes, no JSON to trust. */
export function encodeRevocation(revocation: Revocation): string {
  return `${revocation.kind} ${revocation.hash} ${revocation.atMs} ${revocation.expiresAtMs}`;
}

export function decodeRevocation(text: string): Revocation | undefined {
  const [kind, valueHash, at, expires] = text.split(' ');
  if (!(REVOCATION_KINDS as readonly string[]).includes(kind) || !/^[0-9a-f]{64}$/.test(valueHash ?? '')) return undefined;
  const atMs = Number(at);
  const expiresAtMs = Number(expires);
  if (!Number.isFinite(atMs) || !Number.isFinite(expiresAtMs)) return undefined;
  return { kind: kind as RevocationKind, hash: valueHash, atMs, expiresAtMs };
}
