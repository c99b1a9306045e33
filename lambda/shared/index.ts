export * from './config';
export * from './decision-log';
export * from './env-names';
export * from './errors';
export * from './example-routes';
export * from './routes';
export * from './scope-rules';
export * from './token-hash';
