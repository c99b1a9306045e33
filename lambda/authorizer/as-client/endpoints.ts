// The AS endpoints: configured ones win; anything missing is read once from the AS's metadata
// (RFC 8414, then OpenID Connect discovery). A failed read is not remembered, so the next request retries.
// Discovered metadata is held to the configured rules: it must name the configured issuer (RFC 8414
// §3.3), and an endpoint it gives must pass the same https rule as a configured one (http in local mode
// only), since the client credentials and callers' tokens are sent there. A refusal is a ConfigError
// (ERR_CONFIG: the gateway answers 503, never an allow).
import { urlProblem, type AuthorizerConfig } from '../../shared/config';
import { AUTHORIZER_ENV } from '../../shared/env-names';
import { ConfigError, UpstreamError } from '../../shared/errors';
import { readCapped, type CappedBody } from '../../shared/read-capped';

export interface AsEndpoints {
  readonly introspectionEndpoint?: string;
  readonly tokenEndpoint?: string;
  readonly jwksUri: string;
}

const OAUTH_METADATA = '/.well-known/oauth-authorization-server';
const OPENID_CONFIGURATION = '/.well-known/openid-configuration';

/**
 * Where the metadata may be, in order. RFC 8414 §3.1 inserts the well-known segment between the host and
 * the issuer's path (`https://h/tenant` -> `https://h/.well-known/oauth-authorization-server/tenant`);
 * the older habit of appending it to the issuer, and OpenID Connect Discovery (which appends), follow.
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  const base = issuer.replace(/\/$/, '');
  const urls = [`${url.origin}${OAUTH_METADATA}${path}`, `${base}${OAUTH_METADATA}`, `${base}${OPENID_CONFIGURATION}`];
  return [...new Set(urls)];
}

export class EndpointResolver {
  private resolved?: Promise<AsEndpoints>;

  constructor(
    private readonly config: AuthorizerConfig,
    private readonly fetchImpl: typeof fetch,
  ) {}

  get(): Promise<AsEndpoints> {
    if (!this.resolved) {
      const pending = this.resolve();
      pending.catch(() => {
        if (this.resolved === pending) this.resolved = undefined;
      });
      this.resolved = pending;
    }
    return this.resolved;
  }

  private async resolve(): Promise<AsEndpoints> {
    const { config } = this;
    const needsToken = config.exchangeMode === 'token-exchange';
    const complete = config.jwksUri && (needsToken ? config.tokenEndpoint : config.introspectionEndpoint);
    const metadata = complete ? {} : await this.readMetadata();
    const endpoints = {
      introspectionEndpoint: config.introspectionEndpoint ?? this.discovered(metadata, 'introspection_endpoint', AUTHORIZER_ENV.introspectionEndpoint, !needsToken),
      tokenEndpoint: config.tokenEndpoint ?? this.discovered(metadata, 'token_endpoint', AUTHORIZER_ENV.tokenEndpoint, needsToken),
      jwksUri: config.jwksUri ?? this.discovered(metadata, 'jwks_uri', AUTHORIZER_ENV.jwksUri, true),
    };
    const missing = needsToken ? (!endpoints.tokenEndpoint ? 'token_endpoint' : undefined) : !endpoints.introspectionEndpoint ? 'introspection_endpoint' : undefined;
    if (missing) throw new ConfigError('PHANTOM_ISSUER', `the AS metadata has no ${missing}; set it explicitly`);
    if (!endpoints.jwksUri) throw new ConfigError('PHANTOM_JWKS_URI', 'the AS metadata has no jwks_uri; set it explicitly');
    return endpoints as AsEndpoints;
  }

  /**
   * A discovered endpoint, held to the rule a configured one passes. One this mode does not use is left
   * out rather than refused (it is never called).
   */
  private discovered(metadata: Record<string, unknown>, name: string, setting: string, used: boolean): string | undefined {
    const value = stringField(metadata, name);
    if (value === undefined) return undefined;
    const problem = urlProblem(value, this.config.localMode);
    if (!problem) return value;
    if (!used) return undefined;
    throw new ConfigError(setting, `the AS metadata's ${name} is refused: ${problem}; set ${setting} explicitly`);
  }

  private async readMetadata(): Promise<Record<string, unknown>> {
    for (const url of metadataUrls(this.config.issuer)) {
      let response: Response;
      let body: CappedBody;
      try {
        response = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.config.asTimeoutMs), redirect: 'error' });
        if (response.status === 404) {
          await response.body?.cancel().catch(() => undefined);
          continue;
        }
        body = response.ok ? await readCapped(response) : { tooLarge: false, text: '' };
      } catch (error) {
        throw new UpstreamError('ERR_AS_UNAVAILABLE', 'the AS metadata could not be read', { cause: (error as Error).name });
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new UpstreamError('ERR_AS_UNAVAILABLE', `the AS metadata answered ${response.status}`, { status: response.status });
      }
      if (body.tooLarge) throw new UpstreamError('ERR_AS_RESPONSE_INVALID', 'the AS metadata is too large', { length: body.bytes });
      let metadata: Record<string, unknown>;
      try {
        metadata = JSON.parse(body.text) as Record<string, unknown>;
      } catch {
        throw new UpstreamError('ERR_AS_RESPONSE_INVALID', 'the AS metadata is not JSON');
      }
      if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
        throw new UpstreamError('ERR_AS_RESPONSE_INVALID', 'the AS metadata is not a JSON object');
      }
      // RFC 8414 §3.3: the issuer is REQUIRED and must be identical to the one the metadata was read for.
      if (metadata.issuer === undefined) throw new ConfigError('PHANTOM_ISSUER', 'the AS metadata names no issuer');
      if (metadata.issuer !== this.config.issuer) {
        throw new ConfigError('PHANTOM_ISSUER', `the AS metadata names issuer "${String(metadata.issuer)}"`);
      }
      return metadata;
    }
    throw new ConfigError('PHANTOM_ISSUER', 'the AS publishes no metadata; set the endpoints explicitly');
  }
}

function stringField(metadata: Record<string, unknown>, name: string): string | undefined {
  return typeof metadata[name] === 'string' ? (metadata[name] as string) : undefined;
}
