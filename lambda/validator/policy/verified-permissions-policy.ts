// Amazon Verified Permissions: the endpoint's request mapped as for Cedar in-process and sent to
// IsAuthorized on one policy store, bounded by a timeout, with a short, bounded cache of decisions. The
// SDK client is required on first use, so services that do not use Verified Permissions never load it.
import type { VerifiedPermissionsClient } from '@aws-sdk/client-verifiedpermissions';
import { ConfigError, PolicyEngineError } from '../../shared/errors';
import type { JwtClaims } from '../claims';
import { DecisionCache } from './decision-cache';
import { callEngine, wholeOption } from './engine-timeout';
import { authorizationModel, type EntityMappingOptions } from './entity-mapping';
import type { AuthorizationPolicy, PolicyDecision } from './policy-decision';
import { isAuthorizedInput } from './verified-permissions-request';

export const VERIFIED_PERMISSIONS_DEFAULTS = { timeoutMs: 1000, cacheTtlMs: 5000, cacheEntries: 1000 } as const;

export interface VerifiedPermissionsPolicyOptions<TResource = unknown> extends EntityMappingOptions<TResource> {
  /** The policy store the decisions come from (the construct's `policyStoreId`). */
  readonly policyStoreId: string;
  /** @default - a client for the function's region, created on first use */
  readonly client?: Pick<VerifiedPermissionsClient, 'send'>;
  /** Shown in the decision line as `verified-permissions:<name>`. @default - the policy store id */
  readonly name?: string;
  /** Longest wait for an answer, 1 to 10000 ms; past it the request is refused (ERR_POLICY_TIMEOUT). @default 1000 */
  readonly timeoutMs?: number;
  /** How long a decision is reused for the very same request, 0 to 60000 ms; 0 turns the cache off. @default 5000 */
  readonly cacheTtlMs?: number;
  /** Decisions remembered at most, 0 to 100000. @default 1000 */
  readonly cacheEntries?: number;
  /** Milliseconds since the epoch, for the cache. @default Date.now */
  readonly clock?: () => number;
}

function defaultClient(): Pick<VerifiedPermissionsClient, 'send'> {
  try {
    const { VerifiedPermissionsClient: Client } = require('@aws-sdk/client-verifiedpermissions') as typeof import('@aws-sdk/client-verifiedpermissions');
    return new Client({});
  } catch (error) {
    throw new ConfigError('client', `Verified Permissions needs the @aws-sdk/client-verifiedpermissions package (${(error as Error).message})`);
  }
}

export function verifiedPermissionsPolicy<TClaims extends JwtClaims = JwtClaims, TResource = unknown>(
  options: VerifiedPermissionsPolicyOptions<TResource>,
): AuthorizationPolicy<TClaims, TResource> {
  if (!options.policyStoreId) throw new ConfigError('policyStoreId', 'is required');
  const timeoutMs = wholeOption('timeoutMs', options.timeoutMs, 1, 10_000, VERIFIED_PERMISSIONS_DEFAULTS.timeoutMs);
  const cache = new DecisionCache(
    wholeOption('cacheTtlMs', options.cacheTtlMs, 0, 60_000, VERIFIED_PERMISSIONS_DEFAULTS.cacheTtlMs),
    wholeOption('cacheEntries', options.cacheEntries, 0, 100_000, VERIFIED_PERMISSIONS_DEFAULTS.cacheEntries),
    options.clock,
  );
  const name = `verified-permissions:${options.name ?? options.policyStoreId}`;
  let client = options.client;
  // The command class comes with the SDK; required once, on the first decision.
  let IsAuthorizedCommand: typeof import('@aws-sdk/client-verifiedpermissions').IsAuthorizedCommand | undefined;

  return {
    name,
    engine: 'verified-permissions',
    async decide(input): Promise<PolicyDecision> {
      const request = isAuthorizedInput(options.policyStoreId, authorizationModel(input, options));
      const key = DecisionCache.keyOf(request);
      const cached = cache.get(key);
      if (cached) return cached;
      client ??= defaultClient();
      IsAuthorizedCommand ??= (require('@aws-sdk/client-verifiedpermissions') as typeof import('@aws-sdk/client-verifiedpermissions')).IsAuthorizedCommand;
      const command = new IsAuthorizedCommand(request);
      const answer = await callEngine(name, timeoutMs, (abortSignal) => client!.send(command, { abortSignal }));
      if (answer.decision !== 'ALLOW' && answer.decision !== 'DENY') {
        throw new PolicyEngineError('ERR_POLICY_ERROR', 'Verified Permissions gave no decision, so the request is refused', { policy: name });
      }
      const reasons = (answer.determiningPolicies ?? []).map(({ policyId }) => policyId ?? '?');
      const errors = (answer.errors ?? []).map(({ errorDescription }) => `error: ${errorDescription ?? '?'}`);
      const decision: PolicyDecision =
        answer.decision === 'ALLOW' ? { allow: true, reasons } : { allow: false, reasons: reasons.length > 0 ? [...reasons, ...errors] : ['no policy permits', ...errors] };
      cache.set(key, decision);
      return decision;
    },
  };
}
