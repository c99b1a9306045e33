export { startLocalRevocationReceiver, LOCAL_REVOCATION_AUDIENCE, type LocalRevocationReceiver, type LocalRevocationReceiverOptions } from './local-revocation-receiver';
