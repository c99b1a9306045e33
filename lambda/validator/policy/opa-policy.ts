// Open Policy Agent over its REST Data API: `POST <url>/v1/data/<package path>` with `{ "input": ... }`,
// answered `{ "result": ... }`. The input is the authorization model every engine gets (entity-mapping.ts):
//   { principal: { type, id, attributes }, action: { type, id }, resource: { type, id, attributes }, context }
// The result may be a boolean (`allow`) or an object `{ allow: boolean, reasons?: string[] }`. Anything else
// (no result: the rule is undefined at that path; an HTTP error; a slow or unreachable server) refuses the
// request with ERR_POLICY_ERROR or ERR_POLICY_TIMEOUT, never an allow. Plain fetch: the @styra/opa client
// costs well over 100 ms of module load at cold start for what one POST does.
import { ConfigError, PolicyEngineError } from '../../shared/errors';
import type { JwtClaims } from '../claims';
import { callEngine, wholeOption } from './engine-timeout';
import { authorizationModel, type EntityMappingOptions } from './entity-mapping';
import type { AuthorizationPolicy, PolicyDecision } from './policy-decision';

export const OPA_DEFAULT_TIMEOUT_MS = 500;

export interface OpaPolicyOptions<TResource = unknown> extends EntityMappingOptions<TResource> {
  /** OPA's base URL: `http://localhost:8181` for a sidecar or Lambda extension (http only on loopback), else https. */
  readonly url: string;
  /** The decision's path under /v1/data, with slashes or dots: `httpapi/authz/allow` or `httpapi.authz`. */
  readonly path: string;
  /** Longest wait for an answer, 1 to 10000 ms; past it the request is refused (ERR_POLICY_TIMEOUT). @default 500 */
  readonly timeoutMs?: number;
  /** Extra request headers, e.g. `Authorization: Bearer <OPA token>` when OPA requires one. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** Shown in the decision line as `opa:<name>`. @default - the path */
  readonly name?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(?:[./][A-Za-z_][A-Za-z0-9_]*)*$/;

function dataUrl(base: string, path: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new ConfigError('url', `"${base}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new ConfigError('url', `"${base}" must use https (http is allowed on loopback only)`);
  }
  if (!PATH_PATTERN.test(path)) throw new ConfigError('path', `"${path}" is not a package path such as httpapi/authz/allow`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1/data/${path.replaceAll('.', '/')}`;
}

function decisionOf(body: unknown, name: string): PolicyDecision {
  const result = (body as { result?: unknown } | null)?.result;
  if (typeof result === 'boolean') return { allow: result, reasons: result ? [] : ['opa denied'] };
  const allow = (result as { allow?: unknown } | null)?.allow;
  if (typeof result === 'object' && result !== null && typeof allow === 'boolean') {
    const reasons = (result as { reasons?: unknown }).reasons;
    const listed = Array.isArray(reasons) ? reasons.filter((reason): reason is string => typeof reason === 'string') : [];
    return { allow, reasons: listed.length > 0 ? listed : allow ? [] : ['opa denied'] };
  }
  const why = result === undefined ? 'OPA has no decision at that path' : 'OPA answered something that is not a decision';
  throw new PolicyEngineError('ERR_POLICY_ERROR', `${why}, so the request is refused`, { policy: name });
}

export function opaPolicy<TClaims extends JwtClaims = JwtClaims, TResource = unknown>(options: OpaPolicyOptions<TResource>): AuthorizationPolicy<TClaims, TResource> {
  const url = dataUrl(options.url, options.path);
  const timeoutMs = wholeOption('timeoutMs', options.timeoutMs, 1, 10_000, OPA_DEFAULT_TIMEOUT_MS);
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json', ...options.headers };
  const name = `opa:${options.name ?? options.path}`;
  // Read now, at cold start: Node loads its fetch implementation on first access (tens of milliseconds),
  // which would otherwise count against the first request's timeout.
  const post = options.fetch ?? globalThis.fetch;

  return {
    name,
    engine: 'opa',
    async decide(input): Promise<PolicyDecision> {
      const body = JSON.stringify({ input: authorizationModel(input, options) });
      const answer = await callEngine(name, timeoutMs, async (signal) => {
        const response = await post(url, { method: 'POST', headers, body, signal });
        if (!response.ok) {
          throw new PolicyEngineError('ERR_POLICY_ERROR', `OPA answered HTTP ${response.status}, so the request is refused`, { policy: name, status: response.status });
        }
        return response.json() as Promise<unknown>;
      });
      return decisionOf(answer, name);
    },
  };
}
