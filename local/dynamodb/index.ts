export { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './embedded-dynamodb';
export { ensureCacheTable, CACHE_TABLE_SCHEMA, DEFAULT_LOCAL_CACHE_TABLE } from './cache-table';
export { localDynamoDbClient, LOCAL_REGION } from './dynamodb-client';
