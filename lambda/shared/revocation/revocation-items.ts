// The revocation items' key names in the cache table. Dependency-free: the construct scopes the
// receiver's table grant to these keys at synth.
export const REVOCATION_ITEM = {
  /** Every revocation item's partition key starts with this; cache items never do (`<namespace>.<hash>`). */
  keyPrefix: 'rev#',
  epochKey: 'rev#epoch',
  logKeyPrefix: 'rev#log#',
  setKeyPrefix: 'rev#set#',
  partitionKey: 'pk',
  sequence: 'seq',
  ttl: 'ttl',
} as const;
