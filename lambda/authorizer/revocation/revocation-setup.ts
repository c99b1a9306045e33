// Builds an authorizer instance's revocation poller from its settings: on when there is a cache table (the
// revocations live there) and a poll interval.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AuthorizerConfig } from '../../shared/config';
import { DynamoDbRevocationStore } from '../../shared/revocation';
import { RevocationPoller } from './revocation-poller';

export interface RevocationSetup {
  readonly config: AuthorizerConfig;
  /** The cache table's client; undefined without a table. */
  readonly client: DynamoDBClient | undefined;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly forget: (tokenHash: string) => void;
  readonly onPollFailure: (error: unknown) => void;
}

export function revocationPollerFor(setup: RevocationSetup): RevocationPoller | undefined {
  const { config } = setup;
  if (!config.cacheTable || !setup.client || config.revocationPollIntervalMs <= 0) return undefined;
  return new RevocationPoller({
    reader: new DynamoDbRevocationStore({ client: setup.client, tableName: config.cacheTable, timeoutMs: setup.timeoutMs }),
    intervalMs: config.revocationPollIntervalMs,
    now: setup.now,
    onTokenRevoked: setup.forget,
    onPollFailure: setup.onPollFailure,
  });
}
