export { TokenCache, type CacheLookup, type TokenCacheOptions } from './token-cache';
export { DynamoDbCacheStore, CACHE_ITEM, type CacheStore } from './dynamodb-store';
export { LruCache } from '../../shared/lru';
export { entryExpiry, isFresh, type CacheEntry } from './entry';
export { cacheItemKey, cacheNamespace } from './item-key';
