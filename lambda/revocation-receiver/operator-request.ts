// The operators' call (and an AS webhook's): direct, IAM-authenticated Lambda invocation with a JSON body
// naming what to revoke. Several names in one call are all revoked.
import { SetRejected } from './receiver-errors';

export interface OperatorRevokeRequest {
  /** The opaque token itself; hashed at once, never stored or logged. */
  readonly token?: string;
  /** The token's hash as the authorizer context's `token_hash` carries it (64 hex). */
  readonly tokenHash?: string;
  readonly sub?: string;
  readonly clientId?: string;
  readonly sid?: string;
  /** A phantom JWT's `jti`. */
  readonly jti?: string;
  readonly email?: string;
}

const FIELDS = ['token', 'tokenHash', 'sub', 'clientId', 'sid', 'jti', 'email'] as const;

/** The request's `revoke` member, checked: strings only, at least one name, a hash that is a hash. */
export function operatorRequest(payload: unknown): OperatorRevokeRequest {
  const revoke = (payload as { revoke?: unknown })?.revoke;
  if (typeof revoke !== 'object' || revoke === null || Array.isArray(revoke)) {
    throw new SetRejected('invalid_request', `the call needs a "revoke" object naming one of ${FIELDS.join(', ')}`);
  }
  const fields = revoke as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((name) => !(FIELDS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new SetRejected('invalid_request', `unknown fields: ${unknown.join(', ')}`);
  for (const name of FIELDS) {
    const value = fields[name];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) throw new SetRejected('invalid_request', `"${name}" must be a non-empty string`);
  }
  if (!FIELDS.some((name) => fields[name] !== undefined)) throw new SetRejected('invalid_request', `name at least one of ${FIELDS.join(', ')}`);
  if (fields.tokenHash !== undefined && !/^[0-9a-f]{64}$/.test(fields.tokenHash as string)) throw new SetRejected('invalid_request', '"tokenHash" must be 64 lowercase hex characters');
  return fields as OperatorRevokeRequest;
}
