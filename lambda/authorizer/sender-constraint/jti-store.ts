// The shared tier of the DPoP replay guard: one item per proof in the token cache table, under its own
// key namespace (`dpop-jti#`, never a token cache key: those are `<namespace>.<token hash>`), written
// with a condition so that exactly one writer wins, never read first. The item's TTL is the proof's
// last acceptable moment; DynamoDB deletes late, so an item past its TTL counts as absent.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { UpstreamError } from '../../shared/errors';
import { putIfCondition } from '../../shared/conditional-put';
import { CACHE_ITEM } from '../cache/dynamodb-store';

export const JTI_KEY_PREFIX = 'dpop-jti#';

export interface JtiStore {
  /** True when this call recorded the key first; false when it was already recorded and unexpired. */
  claim(key: string, expiresAtMs: number): Promise<boolean>;
}

/** The proof's identity: its key and its `jti` (a `jti` is unique per key, RFC 9449 §11.1). */
export function jtiKey(jkt: string, jti: string): string {
  return JTI_KEY_PREFIX + createHash('sha256').update(jkt).update('\0').update(jti).digest('base64url');
}

export class DynamoDbJtiStore implements JtiStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
    /** Told about every failed write (not a lost condition), for the dynamodb_error event and metric. */
    private readonly onFailure: (error: unknown) => void = () => undefined,
  ) {}

  async claim(key: string, expiresAtMs: number): Promise<boolean> {
    try {
      return await putIfCondition(
        this.client,
        {
          TableName: this.tableName,
          Item: { [CACHE_ITEM.partitionKey]: { S: key }, [CACHE_ITEM.ttl]: { N: String(Math.ceil(expiresAtMs / 1000)) } },
          ConditionExpression: 'attribute_not_exists(#pk) OR #ttl < :now',
          ExpressionAttributeNames: { '#pk': CACHE_ITEM.partitionKey, '#ttl': CACHE_ITEM.ttl },
          ExpressionAttributeValues: { ':now': { N: String(Math.floor(this.now() / 1000)) } },
        },
        this.timeoutMs,
      );
    } catch (error) {
      this.onFailure(error);
      // Whether the proof was used before cannot be known: refuse to decide rather than allow a replay.
      throw new UpstreamError('ERR_REPLAY_STORE_UNAVAILABLE', 'the DPoP replay store did not answer', { errorName: (error as Error)?.name });
    }
  }
}
