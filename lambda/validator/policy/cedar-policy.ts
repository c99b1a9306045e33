// Cedar, in-process: the endpoint's request mapped to principal, action, resource and context
// (entity-mapping.ts) and decided against policies parsed once, at cold start. Cedar denies unless a
// permit applies and no forbid does; a policy that errors (a missing attribute, say) does not apply.
// A forbid annotated `@claim("subscriber_id")` is a claim rule written in Cedar: when it decides a
// refusal, the refusal is ERR_CLAIM_MISMATCH naming that claim, as the claim rule's would be.
// Cedar's answer depends on the request and the policies alone (no clock, no I/O), so an answer is reused for a
// request identical in every field sent (principal, action, resource, entities, context) for a short while.
import { AccessDeniedError, PolicyEngineError } from '../../shared/errors';
import type { JwtClaims } from '../claims';
import { ALL_ATTRIBUTES, cedarAttributeReads, type CedarAttributeReads } from './cedar-attribute-reads';
import { cedarModule, type Cedar } from './cedar-module';
import { DecisionCache } from './decision-cache';
import { wholeOption } from './engine-timeout';
import { cedarPolicySet, preparseCedarPolicySet, readCedarSource, type CedarSource } from './cedar-policy-set';
import { authorizationModel, type AuthorizationModel, type EntityMappingOptions, type ModelRecord, type ModelValue } from './entity-mapping';
import type { AuthorizationPolicy, PolicyDecision } from './policy-decision';

export interface CedarPolicyOptions<TResource = unknown> extends EntityMappingOptions<TResource> {
  /** Shown in the decision line as `cedar:<name>`. @default 'policies' */
  readonly name?: string;
  /** Cedar policy files, read at cold start. Give these, `policies`, or both. @default [] */
  readonly policyFiles?: readonly string[];
  /** Policy texts given directly. @default [] */
  readonly policies?: readonly CedarSource[];
  /** A Cedar schema (`.cedarschema` text) file every policy is validated against at cold start. @default - not validated */
  readonly schemaFile?: string;
  /** A schema given directly. @default - not validated */
  readonly schema?: CedarSource;
  /** How long Cedar's answer is reused for the very same request, 0 to 60000 ms; 0 turns the cache off. @default 5000 */
  readonly cacheTtlMs?: number;
  /** Answers remembered at most, 0 to 100000. @default 1000 */
  readonly cacheEntries?: number;
  /** Milliseconds since the epoch, for the cache. @default Date.now */
  readonly clock?: () => number;
}

export const CEDAR_POLICY_DEFAULTS = { cacheTtlMs: 5000, cacheEntries: 1000 } as const;

type CedarCall = Parameters<Cedar['statefulIsAuthorized']>[0];
type CedarResponse = Extract<ReturnType<Cedar['statefulIsAuthorized']>, { type: 'success' }>['response'];
export type CedarRequest = Pick<CedarCall, 'principal' | 'action' | 'resource' | 'context' | 'entities'>;

let policySetCount = 0;

const WARM_UP_REQUEST: CedarRequest = {
  principal: { type: 'WarmUp', id: 'principal' },
  action: { type: 'Action', id: 'warm-up' },
  resource: { type: 'WarmUp', id: 'resource' },
  context: { scopes: ['warm-up'] },
  entities: [{ uid: { type: 'WarmUp', id: 'principal' }, attrs: { sub: 'warm-up', n: 1, flag: true, list: ['a'], record: { a: 'b' } }, parents: [] }],
};

/**
 * The entries of `record` named in `names` (all without `names`); a set named in `members` keeps only the
 * literals asked about.
 */
function only(record: ModelRecord, names: ReadonlySet<string> | undefined, members?: ReadonlyMap<string, ReadonlySet<string>>): Record<string, ModelValue> {
  if (!names) return { ...record };
  const kept: Record<string, ModelValue> = {};
  for (const key of Object.keys(record)) {
    if (!names.has(key)) continue;
    const value = record[key];
    const literals = members?.get(key);
    kept[key] = literals && Array.isArray(value) ? value.filter((item) => typeof item === 'string' && literals.has(item)) : value;
  }
  return kept;
}

/**
 * The model as Cedar's JSON request (its values are already Cedar JSON values), with only the attributes
 * and context entries `reads` keeps (all of them by default).
 */
export function cedarRequest(model: AuthorizationModel, reads: CedarAttributeReads = ALL_ATTRIBUTES): CedarRequest {
  const principal = { type: model.principal.type, id: model.principal.id };
  const resource = { type: model.resource.type, id: model.resource.id };
  return {
    principal,
    action: { type: model.action.type, id: model.action.id },
    resource,
    context: only(model.context, reads.context, reads.members?.context) as CedarRequest['context'],
    entities: [
      { uid: principal, attrs: only(model.principal.attributes, reads.principal, reads.members?.principal), parents: [] },
      { uid: resource, attrs: only(model.resource.attributes, reads.resource, reads.members?.resource), parents: [] },
    ] as CedarRequest['entities'],
  };
}

export function cedarPolicy<TClaims extends JwtClaims = JwtClaims, TResource = unknown>(options: CedarPolicyOptions<TResource>): AuthorizationPolicy<TClaims, TResource> {
  const cedar = cedarModule();
  const sources = [...(options.policyFiles ?? []).map(readCedarSource), ...(options.policies ?? [])];
  const schema = options.schema ?? (options.schemaFile === undefined ? undefined : readCedarSource(options.schemaFile));
  const set = cedarPolicySet(sources);
  const { policies, annotations } = set;
  // Parsed once into the module's own store; requests then name the set instead of re-sending it.
  const policySetId = `policy-set-${++policySetCount}`;
  preparseCedarPolicySet(cedar, policySetId, set, sources, schema);
  const name = `cedar:${options.name ?? 'policies'}`;
  const reads = cedarAttributeReads(Object.values(policies));
  // One throwaway decision now: V8 compiles WASM functions on their first call, and Cedar's evaluator is
  // large, so without this the first request would pay that compilation instead of the cold start.
  cedar.statefulIsAuthorized({ ...WARM_UP_REQUEST, preparsedPolicySetId: policySetId });

  const cache = new DecisionCache<CedarResponse>(
    wholeOption('cacheTtlMs', options.cacheTtlMs, 0, 60_000, CEDAR_POLICY_DEFAULTS.cacheTtlMs),
    wholeOption('cacheEntries', options.cacheEntries, 0, 100_000, CEDAR_POLICY_DEFAULTS.cacheEntries),
    options.clock,
  );

  /** Cedar's answer for the request, from the cache or from Cedar; a request it cannot evaluate throws. */
  function evaluate(request: CedarRequest): CedarResponse {
    // The request's JSON itself is the key: it holds claim values, never a token, and stays in memory.
    const key = JSON.stringify(request);
    const cached = cache.get(key);
    if (cached) return cached;
    const answer = cedar.statefulIsAuthorized({ ...request, preparsedPolicySetId: policySetId });
    if (answer.type === 'failure') {
      throw new PolicyEngineError('ERR_POLICY_ERROR', 'Cedar could not evaluate the request', { policy: name, error: answer.errors[0]?.message });
    }
    cache.set(key, answer.response);
    return answer.response;
  }

  return {
    name,
    engine: 'cedar',
    async decide(input): Promise<PolicyDecision> {
      const { decision, diagnostics } = evaluate(cedarRequest(authorizationModel(input, options), reads));
      const errored = diagnostics.errors.map(({ policyId }) => `${policyId} (error)`);
      if (decision === 'allow') return { allow: true, reasons: [...diagnostics.reason] };
      const claimRule = diagnostics.reason.find((id) => annotations[id]?.claim !== undefined);
      if (claimRule !== undefined) {
        const claim = annotations[claimRule].claim;
        throw new AccessDeniedError('ERR_CLAIM_MISMATCH', `the "${claim}" claim does not allow this request`, { claim, policy: name, reasons: [claimRule] });
      }
      return { allow: false, reasons: diagnostics.reason.length > 0 ? [...diagnostics.reason, ...errored] : ['no policy permits', ...errored] };
    },
  };
}
