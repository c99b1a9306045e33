// The embedded AS itself: oidc-provider on loopback, extended with the phantom token modes it lacks,
// behind a fault-injection layer, on a listener that can really be stopped and started again on the
// same port. It runs in its own process (as-process.ts), started by `startEmbeddedAs` (as-child.ts), so
// the ES-module-only oidc-provider never enters the importer's module system.
import { restoreConsoleWarn } from './quiet-runtime-warning';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import { EXAMPLE_AUDIENCE } from '../../lambda/shared/example-routes';
import { close, listen } from '../listen';
import { requestClientCredentialsToken, requestRevocation, type ClientDirectory } from './client-requests';
import { DEMO_CLIENTS } from './demo-clients';
import { serveWithFault } from './faults';
import { introspectionJwtMiddleware } from './introspection-jwt';
import { memoryAdapterFactory, type StoreEntries } from './memory-store';
import { clientRecords, providerConfiguration, scopesOf } from './provider-config';
import { securityEventPusher } from './security-event-push';
import { generateSigningKey, signingKeyFromJwk, type SigningKey } from './signing-keys';
import type { JWK } from 'jose';
import { TOKEN_EXCHANGE_GRANT, TOKEN_EXCHANGE_PARAMS, tokenExchangeHandler } from './token-exchange';
import type { AsFault, DemoClient, EmbeddedAs, EmbeddedAsOptions } from './types';

restoreConsoleWarn();

const PATHS = { token: '/token', introspection: '/token/introspection', revocation: '/token/revocation', jwks: '/jwks' };

/** What a restarted AS takes over from the one before it: its keys, its issued tokens, its fault. */
export interface EmbeddedAsState {
  readonly signingJwk: JWK;
  readonly clientJwks: Readonly<Record<string, JWK>>;
  readonly store: StoreEntries;
  readonly fault: AsFault | undefined;
}

/** Hooks for the process that hosts the AS. */
export interface EmbeddedAsHooks {
  /** Called when a request is counted in `calls`, before it is answered. */
  readonly onCall?: (counter: keyof EmbeddedAs['calls']) => void;
  /** Start as the continuation of a stopped AS (same keys, tokens and fault; `options.port` its port). */
  readonly restore?: EmbeddedAsState;
}

/** The running AS, and what a successor would need to take over from it. */
export interface HostedEmbeddedAs {
  readonly as: EmbeddedAs;
  state(): EmbeddedAsState;
}

export async function runEmbeddedAs(options: EmbeddedAsOptions = {}, hooks: EmbeddedAsHooks = {}): Promise<HostedEmbeddedAs> {
  const host = options.host ?? '127.0.0.1';
  const audience = options.audience ?? EXAMPLE_AUDIENCE;
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
  const clients = options.clients ?? DEMO_CLIENTS;
  const signingKey = hooks.restore ? await signingKeyFromJwk(hooks.restore.signingJwk) : await generateSigningKey(options.signingAlg ?? 'RS256');
  const clientKeys = await privateKeyJwtKeys(clients, hooks.restore?.clientJwks);
  const byId = new Map(clients.map((client) => [client.clientId, client]));

  let fault: AsFault | undefined = hooks.restore?.fault;
  const calls = { introspection: 0, tokenExchange: 0 };
  let serveProvider: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const faultable = req.method === 'POST' && (path === PATHS.introspection || path === PATHS.token);
    if (faultable && path === PATHS.introspection) {
      calls.introspection += 1;
      hooks.onCall?.('introspection');
    }
    if (!faultable || !fault) return serveProvider(req, res);
    serveWithFault(fault, req, res, serveProvider, (form) => {
      if (form.get('grant_type') === TOKEN_EXCHANGE_GRANT) {
        calls.tokenExchange += 1;
        hooks.onCall?.('tokenExchange');
      }
    }).catch(() => res.destroy());
  });
  // The issuer names the real port, so the listener binds before the provider exists.
  const port = await listen(server, options.port ?? 0, host);
  const issuer = `http://${host}:${port}`;

  const store = memoryAdapterFactory(clientRecords({ clients, clientKeys, signingKey }), hooks.restore?.store);
  const provider = new Provider(issuer, providerConfiguration({ audience, accessTokenTtlSeconds, signingKey, clients, store }));
  // Koa would print server errors with their request details; nothing here may print a token or secret.
  provider.silent = true;
  provider.on('server_error', (_ctx, error) => {
    process.stderr.write(`embedded AS server_error: ${(error as Error).name}: ${(error as Error).message}\n`);
  });
  giveUnscopedRequestsAllScopes(provider, byId);
  provider.use(introspectionJwtMiddleware({
    issuer,
    audience,
    introspectionPath: PATHS.introspection,
    signingKey,
    isGateway: (clientId) => byId.get(clientId)?.gateway === true,
  }));
  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT,
    tokenExchangeHandler({ issuer, audience, accessTokenTtlSeconds, signingKey, provider, onExchange: () => {
      calls.tokenExchange += 1;
      hooks.onCall?.('tokenExchange');
    } }),
    TOKEN_EXCHANGE_PARAMS,
  );
  serveProvider = provider.callback();
  const securityEvents = securityEventPusher(provider, issuer, signingKey, options.securityEvents);

  const directory: ClientDirectory = {
    issuer,
    tokenEndpoint: `${issuer}${PATHS.token}`,
    revocationEndpoint: `${issuer}${PATHS.revocation}`,
    client: (clientId) => {
      const client = byId.get(clientId);
      if (!client) throw new Error(`unknown client ${clientId}`);
      return client;
    },
    keyOf: (clientId) => clientKeys.get(clientId),
  };
  const privateJwkOf = (clientId: string) => {
    const key = clientKeys.get(clientId);
    if (!key) throw new Error(`client ${clientId} does not use private_key_jwt`);
    return { ...key.privateJwk };
  };
  const pkjwtGateway = clientKeys.has('gateway-pkjwt-client') ? 'gateway-pkjwt-client' : [...clientKeys.keys()][0];

  const as: EmbeddedAs = {
    issuer,
    port,
    audience,
    jwksUri: `${issuer}${PATHS.jwks}`,
    tokenEndpoint: directory.tokenEndpoint,
    introspectionEndpoint: `${issuer}${PATHS.introspection}`,
    revocationEndpoint: directory.revocationEndpoint,
    publicJwks: { keys: [{ ...signingKey.publicJwk }] },
    gatewayPrivateJwk: pkjwtGateway ? privateJwkOf(pkjwtGateway) : {},
    privateJwkOf,
    calls,
    getToken: (clientId, tokenOptions) => requestClientCredentialsToken(directory, clientId, tokenOptions),
    revoke: (token, clientId) => requestRevocation(directory, clientId, token),
    pushSecurityEventsTo: async (stream) => securityEvents.connect(stream),
    securityEventsSettled: () => securityEvents.settled(),
    setFault: async (next) => {
      fault = next;
    },
    stop: async () => {
      server.closeAllConnections();
      await close(server);
      server.closeAllConnections();
      // Let in-process clients (undici's pool) see their sockets close before anyone calls again, so a
      // request after start() opens a new connection instead of failing on a dead pooled one.
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
    start: async () => {
      if (!server.listening) await listen(server, port, host);
    },
  };
  return {
    as,
    state: () => ({
      signingJwk: signingKey.privateJwk,
      clientJwks: Object.fromEntries([...clientKeys].map(([clientId, key]) => [clientId, key.privateJwk])),
      store: store.entries(),
      fault,
    }),
  };
}

async function privateKeyJwtKeys(clients: readonly DemoClient[], restored: Readonly<Record<string, JWK>> = {}): Promise<Map<string, SigningKey>> {
  const keys = new Map<string, SigningKey>();
  for (const client of clients) {
    if (client.tokenEndpointAuthMethod !== 'private_key_jwt') continue;
    const jwk = restored[client.clientId];
    keys.set(client.clientId, jwk ? await signingKeyFromJwk(jwk) : await generateSigningKey('ES256'));
  }
  return keys;
}

/**
 * oidc-provider issues a scopeless client credentials token when `scope` is absent; most authorization
 * servers (and the README's curl example) expect all of the client's registered scopes instead.
 */
function giveUnscopedRequestsAllScopes(provider: Provider, byId: ReadonlyMap<string, DemoClient>): void {
  const prototype = provider.ClientCredentials.prototype;
  const save = prototype.save;
  prototype.save = function saveWithDefaultScope(this: typeof prototype) {
    const client = byId.get(this.clientId);
    if (this.scope === undefined && client) this.scope = scopesOf(client).join(' ') || undefined;
    return save.call(this);
  };
}
