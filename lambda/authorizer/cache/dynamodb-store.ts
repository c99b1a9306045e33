// Tier 2: one DynamoDB item per token, keyed by the token hash under the authorizer's settings namespace
// (item-key.ts), the value sealed with a key derived from the token, and the TTL attribute in epoch
// seconds. DynamoDB deletes expired items late (hours), so expiry is checked on every read as well. What an item holds is not trusted: anyone who may write the
// table can seal a value for a token string of their choosing, so the reader verifies its JWT again
// (token-cache.ts) and uses nothing else from it but an upper bound on its lifetime.
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { withSdkTimeoutSignal } from '../../shared/timeout-signal';
import type { CacheEntry } from './entry';
import { cacheItemKey } from './item-key';
import { decryptValue, encryptValue } from './value-crypto';

export const CACHE_ITEM = { partitionKey: 'pk', value: 'v', ttl: 'ttl' } as const;

/** What `get` gives for an item whose value does not decrypt or parse: never an entry. */
export const UNREADABLE_ENTRY = Object.freeze({ unreadable: true });

export interface CacheStore {
  /** The value `put` wrote for this token, decrypted and parsed but not yet trusted; undefined when absent or past its TTL. */
  get(hash: string, token: string, nowMs: number): Promise<unknown>;
  put(hash: string, token: string, entry: CacheEntry): Promise<void>;
}

export class DynamoDbCacheStore implements CacheStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly timeoutMs: number,
    /** cacheNamespace(config): authorizers with other settings sharing the table never meet. */
    private readonly namespace: string,
  ) {}

  async get(hash: string, token: string, nowMs: number): Promise<unknown> {
    const key = cacheItemKey(this.namespace, hash);
    const { Item } = await withSdkTimeoutSignal(this.timeoutMs, (abortSignal) =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { [CACHE_ITEM.partitionKey]: { S: key } } }), { abortSignal }),
    );
    const sealed = Item?.[CACHE_ITEM.value]?.B;
    const ttl = Number(Item?.[CACHE_ITEM.ttl]?.N);
    if (!sealed || !(ttl * 1000 > nowMs)) return undefined;
    try {
      return JSON.parse(decryptValue(token, key, sealed)) as unknown;
    } catch {
      // Not sealed for this token and key (planted, or copied from another item): a rejected entry, not a
      // DynamoDB failure. The reader reports it as cache_entry_rejected and asks the AS.
      return UNREADABLE_ENTRY;
    }
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
