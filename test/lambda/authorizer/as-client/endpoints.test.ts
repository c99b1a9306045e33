// Endpoints discovered from the AS metadata obey the rules configured ones do (README: "introspectionEndpoint,
// tokenEndpoint, jwksUri: discovery from the issuer | https only"), the metadata must name the configured
// issuer (RFC 8414 §3.3: REQUIRED and identical), and an issuer with a path is looked up where RFC 8414
// §3.1 puts its metadata. A refusal is a configuration failure: ERR_CONFIG, a 503 at the gateway.
import { EndpointResolver, metadataUrls } from '../../../../lambda/authorizer/as-client/endpoints';
import { ConfigError } from '../../../../lambda/shared/errors';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness, outcomeOf } from '../helpers/harness';

const ISSUER = 'https://as.example.com';

function metadataFetch(metadata: Record<string, unknown>, seen: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    seen.push(url);
    if (url === `${ISSUER}/.well-known/oauth-authorization-server`) {
      return new Response(JSON.stringify(metadata), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return new Response('{"error":"invalid_client"}', { status: 401, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const config = () => testConfig({ issuer: ISSUER, localMode: false });

describe('discovered endpoints pass the configured https rule', () => {
  it('refuses an http:// introspection_endpoint from the metadata outside local mode, naming the variable to set', async () => {
    const resolver = new EndpointResolver(config(), metadataFetch({ issuer: ISSUER, introspection_endpoint: 'http://as.example.com/introspect', jwks_uri: `${ISSUER}/jwks` }));
    await expect(resolver.get()).rejects.toMatchObject({ code: 'ERR_CONFIG', setting: 'PHANTOM_INTROSPECTION_ENDPOINT' });
  });

  it('refuses an http:// jwks_uri from the metadata outside local mode', async () => {
    const resolver = new EndpointResolver(config(), metadataFetch({ issuer: ISSUER, introspection_endpoint: `${ISSUER}/introspect`, jwks_uri: 'http://as.example.com/jwks' }));
    await expect(resolver.get()).rejects.toMatchObject({ code: 'ERR_CONFIG', setting: 'PHANTOM_JWKS_URI' });
  });

  it('refuses an http:// token_endpoint in token-exchange mode, and ignores one this mode never calls', async () => {
    const metadata = { issuer: ISSUER, introspection_endpoint: `${ISSUER}/introspect`, token_endpoint: 'http://as.example.com/token', jwks_uri: `${ISSUER}/jwks` };
    await expect(new EndpointResolver(testConfig({ issuer: ISSUER, localMode: false, exchangeMode: 'token-exchange' }), metadataFetch(metadata)).get()).rejects.toBeInstanceOf(ConfigError);
    await expect(new EndpointResolver(config(), metadataFetch(metadata)).get()).resolves.toEqual({
      introspectionEndpoint: `${ISSUER}/introspect`,
      tokenEndpoint: undefined,
      jwksUri: `${ISSUER}/jwks`,
    });
  });

  it('accepts http:// discovered endpoints in local mode', async () => {
    const resolver = new EndpointResolver(testConfig({ issuer: ISSUER, localMode: true }), metadataFetch({ issuer: ISSUER, introspection_endpoint: 'http://as.example.com/introspect', jwks_uri: 'http://as.example.com/jwks' }));
    await expect(resolver.get()).resolves.toMatchObject({ introspectionEndpoint: 'http://as.example.com/introspect', jwksUri: 'http://as.example.com/jwks' });
  });

  it('never sends the client secret or the caller token to a discovered http:// endpoint; the caller gets ERR_CONFIG (503), not an allow', async () => {
    const seen: string[] = [];
    const h = harness(config(), { fetch: metadataFetch({ issuer: ISSUER, introspection_endpoint: 'http://as.example.com/introspect', jwks_uri: `${ISSUER}/jwks` }, seen) });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer caller-token')))).toBe('Authorizer failure: ERR_CONFIG');
    expect(seen.filter((url) => url.startsWith('http:'))).toEqual([]);
    expect(h.decisions()[0]).toMatchObject({ outcome: 'error', reason: 'ERR_CONFIG' });
  });
});

describe('the metadata issuer (RFC 8414 §3.3)', () => {
  it('refuses metadata that names no issuer', async () => {
    const resolver = new EndpointResolver(config(), metadataFetch({ introspection_endpoint: `${ISSUER}/introspect`, jwks_uri: `${ISSUER}/jwks` }));
    await expect(resolver.get()).rejects.toMatchObject({ code: 'ERR_CONFIG', setting: 'PHANTOM_ISSUER' });
  });

  it('refuses metadata that names another issuer', async () => {
    const resolver = new EndpointResolver(config(), metadataFetch({ issuer: `${ISSUER}/`, introspection_endpoint: `${ISSUER}/introspect`, jwks_uri: `${ISSUER}/jwks` }));
    await expect(resolver.get()).rejects.toMatchObject({ code: 'ERR_CONFIG', setting: 'PHANTOM_ISSUER' });
  });
});

describe('where the metadata is looked up (RFC 8414 §3.1)', () => {
  it('lists the RFC 8414 address first, then the appended ones', () => {
    expect(metadataUrls('https://h/tenant')).toEqual([
      'https://h/.well-known/oauth-authorization-server/tenant',
      'https://h/tenant/.well-known/oauth-authorization-server',
      'https://h/tenant/.well-known/openid-configuration',
    ]);
    expect(metadataUrls('https://h/')).toEqual(['https://h/.well-known/oauth-authorization-server', 'https://h/.well-known/openid-configuration']);
    expect(metadataUrls('https://h')).toEqual(['https://h/.well-known/oauth-authorization-server', 'https://h/.well-known/openid-configuration']);
  });

  it('finds RFC 8414 metadata of an issuer with a path at /.well-known/oauth-authorization-server/<path>', async () => {
    const issuer = 'https://as.example.com/tenant';
    const fetchImpl = (async (input: string | URL | Request) => {
      if (String(input) === 'https://as.example.com/.well-known/oauth-authorization-server/tenant') {
        return new Response(JSON.stringify({ issuer, introspection_endpoint: `${issuer}/introspect`, jwks_uri: `${issuer}/jwks` }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }
      return new Response('not found', { status: 404 });
    }) as typeof fetch;
    const resolver = new EndpointResolver(testConfig({ issuer, localMode: false }), fetchImpl);
    await expect(resolver.get()).resolves.toMatchObject({ introspectionEndpoint: `${issuer}/introspect` });
  });

  it('still falls back to OpenID Connect discovery appended to the issuer path', async () => {
    const issuer = 'https://as.example.com/tenant';
    const seen: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      seen.push(String(input));
      if (String(input) === `${issuer}/.well-known/openid-configuration`) {
        return new Response(JSON.stringify({ issuer, introspection_endpoint: `${issuer}/introspect`, jwks_uri: `${issuer}/jwks` }), { status: 200 });
      }
      return new Response('not found', { status: 404 });
    }) as typeof fetch;
    await expect(new EndpointResolver(testConfig({ issuer, localMode: false }), fetchImpl).get()).resolves.toMatchObject({ jwksUri: `${issuer}/jwks` });
    expect(seen).toEqual(metadataUrls(issuer));
  });
});
