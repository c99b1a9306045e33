// Public API of `cdk-phantom-token/validator/cedar`: Cedar policies decided in-process. A separate entry
// point so that only services that use Cedar load (and bundle) its WASM module. Re-exports only.
export { cedarPolicy, cedarRequest } from './policy/cedar-policy';
export type { CedarPolicyOptions, CedarRequest } from './policy/cedar-policy';
export type { CedarSource } from './policy/cedar-policy-set';
