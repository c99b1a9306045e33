export { handler, createReceiverHandler, type ReceiverHandler, type FunctionUrlEvent, type FunctionUrlResult, type ReceiverDeps } from './handler';
export { RevocationReceiver, RETENTION_MARGIN_SECONDS, type ReceiverAnswer, type RevocationReceiverOptions } from './receiver';
export { withThrottleRetries, apiGatewayFlusher, isThrottling, type AuthorizerCacheFlusher, type FlushTarget } from './authorizer-cache-flush';
export { EVENT_TYPES } from './security-events';
export { SET_ERROR_CODES, type SetErrorCode } from './receiver-errors';
export type { OperatorRevokeRequest } from './operator-request';
