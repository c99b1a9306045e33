// Public API of `cdk-phantom-token/validator/verified-permissions`: decisions from an Amazon Verified
// Permissions policy store. A separate entry point so that only services that use it bundle the SDK
// client. Re-exports only.
export { verifiedPermissionsPolicy, VERIFIED_PERMISSIONS_DEFAULTS } from './policy/verified-permissions-policy';
export type { VerifiedPermissionsPolicyOptions } from './policy/verified-permissions-policy';
export { isAuthorizedInput } from './policy/verified-permissions-request';
