// The request mix. Each planned request knows what it is (its kind), so its answer can be judged. Good
// traffic reads and writes within its client's family of routes; bad traffic is a fixed blend of the
// inputs an attacker or a broken client sends.
import { randomToken, type ClientFamily, type OwnedToken, type SoakTokens } from './tokens';

export type RequestKind =
  | 'good'
  | 'fresh'
  | 'revoked'
  | 'wrong-scope'
  | 'garbage'
  | 'unique-garbage'
  | 'expired'
  | 'forged-jwt'
  | 'replayed-jwt'
  | 'malformed'
  | 'oversized-token'
  | 'oversized-headers'
  | 'missing-token'
  | 'unknown-route';

export interface PlannedRequest {
  readonly kind: RequestKind;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The status a success must have (good traffic). */
  readonly successStatus: number;
  /** The bearer token, when it is one the cache model follows (warm tokens and the victim). */
  readonly trackedToken?: string;
}

interface RouteChoice {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly weight: number;
  readonly successStatus: number;
  readonly body?: string;
}

/** invoices-client's tokens carry subscriber_id sub-1001, which owns inv-1001. */
const FAMILY_ROUTES: Readonly<Record<ClientFamily, readonly RouteChoice[]>> = {
  invoices: [
    { method: 'GET', path: '/invoices/inv-1001', weight: 10, successStatus: 200 },
    { method: 'GET', path: '/invoices', weight: 1, successStatus: 200 },
    { method: 'POST', path: '/invoices', weight: 0.3, successStatus: 201, body: '{"amount":12.5}' },
  ],
  streams: [
    { method: 'GET', path: '/streams/s-1', weight: 6, successStatus: 200 },
    { method: 'GET', path: '/streams/s-2/metadata', weight: 5, successStatus: 200 },
  ],
};

const OTHER_FAMILY: Readonly<Record<ClientFamily, ClientFamily>> = { invoices: 'streams', streams: 'invoices' };

/** Relative weights within the bad share (the revoked token counts as bad input all run long). */
const BAD_WEIGHTS: ReadonlyArray<readonly [RequestKind, number]> = [
  ['wrong-scope', 4],
  ['revoked', 2],
  ['garbage', 2],
  ['unique-garbage', 2],
  ['expired', 2],
  ['forged-jwt', 2],
  ['replayed-jwt', 1],
  ['malformed', 1.5],
  ['oversized-token', 1],
  ['oversized-headers', 0.5],
  ['missing-token', 1],
  ['unknown-route', 1],
];

const MALFORMED_AUTHORIZATION = ['Basic aW52b2ljZXMtY2xpZW50OnNlY3JldA==', 'Bearer', 'Bearer two tokens', 'Bearer a,b', 'Token abc', 'Bearer =abc'];
const OVERSIZED_TOKEN_LENGTH = 9000;
const OVERSIZED_HEADER_BYTES = 20_000;

export class TrafficMix {
  private readonly badTotal = BAD_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

  constructor(
    private readonly tokens: SoakTokens,
    private readonly badShare: number,
    private readonly random: () => number,
  ) {}

  /** The load lanes' next request. */
  next(): PlannedRequest {
    if (this.random() >= this.badShare) return this.good(this.pick(this.tokens.warm));
    let roll = this.random() * this.badTotal;
    for (const [kind, weight] of BAD_WEIGHTS) {
      roll -= weight;
      if (roll < 0) return this.bad(kind);
    }
    return this.bad('garbage');
  }

  /** The probe lane's request: a good one with a token no cache has seen. */
  fresh(owned: OwnedToken): PlannedRequest {
    return { ...this.good(owned), kind: 'fresh', trackedToken: undefined };
  }

  private good(owned: OwnedToken): PlannedRequest {
    const route = this.route(owned.family);
    return {
      kind: 'good',
      method: route.method,
      path: route.path,
      headers: { authorization: `Bearer ${owned.token}`, ...(route.body ? { 'content-type': 'application/json' } : {}) },
      body: route.body,
      successStatus: route.successStatus,
      trackedToken: owned.token,
    };
  }

  private bad(kind: RequestKind): PlannedRequest {
    const tokens = this.tokens;
    const read = (family: ClientFamily) => FAMILY_ROUTES[family][0];
    const withToken = (token: string, family: ClientFamily = 'invoices', tracked?: string): PlannedRequest => ({
      kind,
      method: 'GET',
      path: read(family).path,
      headers: { authorization: `Bearer ${token}` },
      successStatus: 200,
      trackedToken: tracked,
    });
    switch (kind) {
      case 'wrong-scope': {
        const owned = this.pick(tokens.warm);
        return withToken(owned.token, OTHER_FAMILY[owned.family], owned.token);
      }
      case 'revoked':
        return withToken(tokens.victim.token, tokens.victim.family, tokens.victim.token);
      case 'garbage':
        return withToken(this.pick(tokens.garbage), this.family());
      case 'unique-garbage':
        return withToken(randomToken(), this.family());
      case 'expired':
        return withToken(this.pick(tokens.expired));
      case 'forged-jwt':
        return withToken(this.pick(tokens.forgedJwts));
      case 'replayed-jwt':
        return withToken(tokens.replayedJwt);
      case 'malformed':
        return { ...withToken(''), headers: { authorization: this.pick(MALFORMED_AUTHORIZATION) } };
      case 'oversized-token':
        return withToken('A'.repeat(OVERSIZED_TOKEN_LENGTH), this.family());
      case 'oversized-headers': {
        // A valid token, but more header bytes than the gateway accepts.
        const owned = this.pick(tokens.warm);
        return { ...withToken(owned.token, owned.family), headers: { authorization: `Bearer ${owned.token}`, 'x-padding': 'p'.repeat(OVERSIZED_HEADER_BYTES) } };
      }
      case 'missing-token':
        return { ...withToken(''), headers: {} };
      case 'unknown-route': {
        const owned = this.pick(tokens.warm);
        return { ...withToken(owned.token), path: '/admin/users' };
      }
      default:
        throw new Error(`soak: ${kind} is not a bad-input kind`);
    }
  }

  private route(family: ClientFamily): RouteChoice {
    const routes = FAMILY_ROUTES[family];
    let roll = this.random() * routes.reduce((sum, route) => sum + route.weight, 0);
    for (const route of routes) {
      roll -= route.weight;
      if (roll < 0) return route;
    }
    return routes[0];
  }

  private family(): ClientFamily {
    return this.random() < 0.5 ? 'invoices' : 'streams';
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
}
