export { REVOCATION_KINDS, revocationKey, revocationValueHash, refusesOnlyEarlierTokens, type Revocation, type RevocationKind } from './revocation';
export {
  DynamoDbRevocationStore,
  REVOCATION_ITEM,
  BUCKET_SIZE,
  bucketOf,
  type RevocationReader,
  type RevocationWriter,
  type RevocationStoreOptions,
} from './revocation-store';
