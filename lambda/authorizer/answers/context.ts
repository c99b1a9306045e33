// The authorizer context API Gateway passes to the integration: strings only, no objects or arrays.
// The same context goes with every answer for a valid token, allow or deny, because API Gateway caches
// one answer per token and reuses it for routes the policy allows.
import { AUTHORIZER_CONTEXT } from '../../shared/env-names';
import type { VerifiedIdentity } from '../exchange/types';
import type { AuthorizerContextValues } from '../types';

export function authorizerContext(identity: VerifiedIdentity, tokenHash: string): AuthorizerContextValues {
  const context: AuthorizerContextValues = {
    [AUTHORIZER_CONTEXT.jwt]: identity.jwt,
    [AUTHORIZER_CONTEXT.authorization]: `Bearer ${identity.jwt}`,
    [AUTHORIZER_CONTEXT.scope]: identity.scope,
    [AUTHORIZER_CONTEXT.tokenHash]: tokenHash,
  };
  if (identity.sub !== undefined) context[AUTHORIZER_CONTEXT.sub] = identity.sub;
  if (identity.clientId !== undefined) context[AUTHORIZER_CONTEXT.clientId] = identity.clientId;
  return context;
}
