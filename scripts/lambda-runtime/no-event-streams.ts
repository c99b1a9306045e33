// Stands in for @smithy/core/event-streams in the Lambda bundles: the SDK loads it (by dynamic import)
// only for operations that stream events, and none of the handlers' operations (DynamoDB GetItem and
// PutItem, Secrets Manager GetSecretValue) does. Should one ever, the import fails with this message
// instead of a missing export.
throw new Error('@smithy/core/event-streams is not in this bundle: no operation the handlers call streams events (scripts/bundle-handlers.ts)');
