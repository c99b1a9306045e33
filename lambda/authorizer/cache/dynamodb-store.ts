// Tier 2: one DynamoDB item per token, keyed by the token hash under the authorizer's settings namespace
// (item-key.ts), the value sealed with a key derived from the token, and the TTL attribute in epoch
// seconds. DynamoDB deletes expired items late (hours), so expiry is checked on every read as well. What an item holds is not trusted: anyone who may write the
// table can seal a value for a token string of their choosing, so the reader verifies its JWT again
// (token-cache.ts) and uses nothing else from it but an upper bound on its lifetime. An item that has ended
// but is still in the table is what a refill lease is taken on (refill-lease.ts).
import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { putIfCondition } from '../../shared/conditional-put';
import { withSdkTimeoutSignal } from '../../shared/timeout-signal';
import type { CacheEntry } from './entry';
import { cacheItemKey } from './item-key';
import { decryptValue, encryptValue } from './value-crypto';

/** Tier 2 must answer fast or be skipped: the AS is the fallback, not the caller's patience. */
const MAX_STORE_TIMEOUT_MS = 1000;

/** Each tier-2 call's time limit: at most a second, and never longer than an AS call may take. */
export function tier2StoreTimeoutMs(asTimeoutMs: number): number {
  return Math.min(asTimeoutMs, MAX_STORE_TIMEOUT_MS);
}

export const CACHE_ITEM = { partitionKey: 'pk', value: 'v', ttl: 'ttl', refillLease: 'lease' } as const;

/** What `get` gives for an item whose value does not decrypt or parse: never an entry. */
export const UNREADABLE_ENTRY = Object.freeze({ unreadable: true });

/** An item past its TTL but still in the table (DynamoDB deletes late), as read. */
export interface EndedItem {
  /** Epoch ms at which the item ended (its TTL). */
  readonly endedAtMs: number;
  /** Epoch ms until which another instance holds the refill lease, when one took it. */
  readonly leaseUntilMs?: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export type StoreRead =
  | { readonly state: 'absent' }
  /** The value `put` wrote for this token, decrypted and parsed but not yet trusted. */
  | { readonly state: 'fresh'; readonly value: unknown }
  | { readonly state: 'ended'; readonly item: EndedItem };

export interface CacheStore {
  get(hash: string, token: string, nowMs: number): Promise<StoreRead>;
  put(hash: string, token: string, entry: CacheEntry): Promise<void>;
  /** Takes the refill lease on an ended item until `leaseUntilMs`; false when another instance holds it or refilled first. */
  claimRefill(item: EndedItem, leaseUntilMs: number, nowMs: number): Promise<boolean>;
  /** Gives a lease back (the holder has nothing to store), so the others stop waiting for it. */
  releaseRefill(item: EndedItem, leaseUntilMs: number): Promise<void>;
}

const ABSENT: StoreRead = Object.freeze({ state: 'absent' });

export class DynamoDbCacheStore implements CacheStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly timeoutMs: number,
    /** cacheNamespace(config): authorizers with other settings sharing the table never meet. */
    private readonly namespace: string,
  ) {}

  async get(hash: string, token: string, nowMs: number): Promise<StoreRead> {
    const key = cacheItemKey(this.namespace, hash);
    const { Item } = await withSdkTimeoutSignal(this.timeoutMs, (abortSignal) =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { [CACHE_ITEM.partitionKey]: { S: key } } }), { abortSignal }),
    );
    const sealed = Item?.[CACHE_ITEM.value]?.B;
    const ttl = Number(Item?.[CACHE_ITEM.ttl]?.N);
    if (!sealed || !Number.isFinite(ttl)) return ABSENT;
    if (!(ttl * 1000 > nowMs)) {
      const leaseUntilMs = Number(Item![CACHE_ITEM.refillLease]?.N);
      return { state: 'ended', item: { attributes: Item!, endedAtMs: ttl * 1000, leaseUntilMs: Number.isFinite(leaseUntilMs) ? leaseUntilMs : undefined } };
    }
    try {
      return { state: 'fresh', value: JSON.parse(decryptValue(token, key, sealed)) as unknown };
    } catch {
      // Not sealed for this token and key (planted, or copied from another item): a rejected entry, not a
      // DynamoDB failure. The reader reports it as cache_entry_rejected and asks the AS.
      return { state: 'fresh', value: UNREADABLE_ENTRY };
    }
  }

  /**
   * The ended item written back as it was, plus the lease: a PutItem, which the authorizer may already do,
   * conditional on the item being the one read (same TTL: nobody refilled it) and on no live lease.
   */
  async claimRefill(item: EndedItem, leaseUntilMs: number, nowMs: number): Promise<boolean> {
    const attributes = withoutLease(item.attributes);
    return this.putIf(
      { ...attributes, [CACHE_ITEM.refillLease]: { N: String(leaseUntilMs) } },
      '#ttl = :ttl AND (attribute_not_exists(#lease) OR #lease < :now)',
      { '#ttl': CACHE_ITEM.ttl, '#lease': CACHE_ITEM.refillLease },
      { ':ttl': attributes[CACHE_ITEM.ttl], ':now': { N: String(nowMs) } },
    );
  }

  async releaseRefill(item: EndedItem, leaseUntilMs: number): Promise<void> {
    // A refused condition means someone refilled the item meanwhile (or took the lease after it ended):
    // nothing to give back.
    await this.putIf(withoutLease(item.attributes), '#lease = :mine', { '#lease': CACHE_ITEM.refillLease }, { ':mine': { N: String(leaseUntilMs) } });
  }

  private putIf(item: Record<string, AttributeValue>, condition: string, names: Record<string, string>, values: Record<string, AttributeValue>): Promise<boolean> {
    return putIfCondition(this.client, { TableName: this.tableName, Item: item, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values }, this.timeoutMs);
  }

  async put(hash: string, token: string, entry: CacheEntry): Promise<void> {
    const key = cacheItemKey(this.namespace, hash);
    const item = {
      [CACHE_ITEM.partitionKey]: { S: key },
      [CACHE_ITEM.value]: { B: encryptValue(token, key, JSON.stringify(entry)) },
      [CACHE_ITEM.ttl]: { N: String(Math.ceil(entry.expiresAtMs / 1000)) },
    };
    await withSdkTimeoutSignal(this.timeoutMs, (abortSignal) =>
      this.client.send(new PutItemCommand({ TableName: this.tableName, Item: item }), { abortSignal }),
    );
  }
}

function withoutLease(attributes: Readonly<Record<string, AttributeValue>>): Record<string, AttributeValue> {
  const copy = { ...attributes };
  delete copy[CACHE_ITEM.refillLease];
  return copy;
}
