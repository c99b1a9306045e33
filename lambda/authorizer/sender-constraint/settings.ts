// The sender-constraint settings of one authorizer instance, built once at cold start: the proof
// checker (with its header cache) and the replay guard, whose shared tier is the token cache table.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_DPOP_ALGORITHMS, LIMITS, type AuthorizerConfig } from '../../shared/config';
import { DpopProofChecker } from './dpop-proof';
import type { SenderConstraintSettings } from './enforce-binding';
import { DynamoDbJtiStore } from './jti-store';
import { ReplayGuard } from './replay-guard';

/** Proofs remembered by one instance; the table, when there is one, remembers all of them. */
const MEMORY_JTI_ENTRIES = 50_000;

export interface SenderConstraintInputs {
  readonly config: AuthorizerConfig;
  readonly now: () => number;
  /** The cache table's client, when the table is configured. */
  readonly dynamoDb?: DynamoDBClient;
  readonly storeTimeoutMs: number;
  /** A failed replay write (the request is then a 503). */
  readonly onStoreFailure?: (error: unknown) => void;
}

/** Undefined when bound tokens are not accepted (they are then refused). */
export function senderConstraintSettings(inputs: SenderConstraintInputs): SenderConstraintSettings | undefined {
  const { config, now } = inputs;
  if (!config.senderConstrained) return undefined;
  return {
    accepted: true,
    proofs: new DpopProofChecker(config.dpopAlgorithms ?? DEFAULT_DPOP_ALGORITHMS),
    replay: new ReplayGuard({
      store: config.cacheTable && inputs.dynamoDb ? new DynamoDbJtiStore(inputs.dynamoDb, config.cacheTable, inputs.storeTimeoutMs, now, inputs.onStoreFailure) : undefined,
      maxEntries: MEMORY_JTI_ENTRIES,
      now,
    }),
    windowSeconds: config.dpopProofWindowSeconds ?? LIMITS.dpopProofWindowSeconds.default,
    publicBaseUrl: config.publicBaseUrl,
    localMode: config.localMode,
    now,
  };
}
