// The verdict on one answer, given what the request was and what was going on. Pure: the run passes
// in the fault windows the request overlapped and what the cache model knows about its token.
import type { LocalApiKind } from '../../local/gateway/http-api-gateway';
import { HTTP_API_DESIGNED_AS_FAULT_STATUS, HTTP_API_UNKNOWN_ROUTE_STATUS } from './http-api-lane';
import type { RequestKind } from './traffic';

export type Verdict =
  /** The answer the request should get. */
  | 'ok'
  /** A refusal the design allows: 503 with Retry-After while the AS is unreachable or too slow. */
  | 'tolerated'
  /**
   * The same designed 503 for a request that began after an AS fault ended, within the recovery allowance:
   * allowed by the recovery requirement, and counted on its own so it is never hidden among the fault's.
   */
  | 'refused-during-recovery'
  /** A 2xx for a request that should have been refused. */
  | 'wrong-allow'
  /** Good traffic refused where it should have succeeded. */
  | 'wrong-refusal'
  /** A 5xx other than the designed 503 during an AS fault. */
  | 'unexpected-5xx'
  /** Refused as expected, but with the wrong status (or a success with the wrong one). */
  | 'mismatch'
  /** No answer within the client's timeout, or the connection failed. */
  | 'lost';

export interface Answer {
  /** Undefined when no answer came. */
  readonly status?: number;
  readonly retryAfter?: string;
  /** Whether the connection was reset by the server (no status). */
  readonly reset?: boolean;
}

export interface JudgeContext {
  /** The request overlapped an AS fault window (AS down or slow) while the fault lasted. */
  readonly asFault: boolean;
  /** It overlapped no AS fault, but began within the recovery allowance after one ended. */
  readonly asRecovery: boolean;
  /** The cache model knows the token's tier-1 entry was fresh for the whole request. */
  readonly knownCached: boolean;
  /** Revoked kind only: where the request falls relative to the revocation. */
  readonly revocation?: 'before' | 'within-bound' | 'after-bound';
  /** The HTTP API lane is judged by HTTP API's own answers (http-api-lane.ts). @default 'rest' */
  readonly api?: LocalApiKind;
}

/** Token-bearing requests whose answer needs the AS when the caches do not have the token. */
const NEEDS_AS: ReadonlySet<RequestKind> = new Set([
  'good', 'fresh', 'revoked', 'wrong-scope', 'garbage', 'unique-garbage', 'expired', 'forged-jwt', 'replayed-jwt',
]);

/** The refusal each bad kind gets. */
const REFUSAL: Readonly<Partial<Record<RequestKind, number>>> = {
  revoked: 401,
  'wrong-scope': 403,
  garbage: 401,
  'unique-garbage': 401,
  expired: 401,
  'forged-jwt': 401,
  'replayed-jwt': 401,
  malformed: 401,
  'oversized-token': 401,
  // Node's (and so the local gateway's) header limit; API Gateway's is lower.
  'oversized-headers': 431,
  'missing-token': 401,
  'unknown-route': 403,
};

/** The answer an AS fault is designed to give an uncached token: 503 with Retry-After, or an HTTP API's 500. */
export function isDesignedAsFaultAnswer(answer: Pick<Answer, 'status' | 'retryAfter'>, api: LocalApiKind | undefined): boolean {
  return api === 'http' ? answer.status === HTTP_API_DESIGNED_AS_FAULT_STATUS : answer.status === 503 && answer.retryAfter !== undefined;
}

export function judge(kind: RequestKind, successStatus: number, answer: Answer, context: JudgeContext): Verdict {
  const { status } = answer;
  const successExpected = kind === 'good' || kind === 'fresh' || (kind === 'revoked' && context.revocation === 'before');
  const successAllowed = successExpected || (kind === 'revoked' && context.revocation === 'within-bound');
  if (status === undefined) {
    // A server that refuses oversized headers may reset the connection before the client reads its 431.
    if (kind === 'oversized-headers' && answer.reset) return 'ok';
    return 'lost';
  }
  if (status >= 500) {
    const designed = isDesignedAsFaultAnswer(answer, context.api) && (context.asFault || context.asRecovery) && NEEDS_AS.has(kind);
    if (!designed) return 'unexpected-5xx';
    // A token the authorizer still holds must not need the AS: cached tokens keep working in an outage
    // (and a cached wrong-scope token keeps getting its 403).
    if (!context.knownCached) return context.asFault ? 'tolerated' : 'refused-during-recovery';
    if (kind === 'good') return 'wrong-refusal';
    return kind === 'wrong-scope' ? 'mismatch' : 'tolerated';
  }
  if (status >= 200 && status < 300) {
    if (!successAllowed) return 'wrong-allow';
    return status === successStatus ? 'ok' : 'mismatch';
  }
  if (successExpected) return 'wrong-refusal';
  if (kind === 'revoked' && context.revocation === 'within-bound') return status === 401 ? 'ok' : 'mismatch';
  const refusal = context.api === 'http' && kind === 'unknown-route' ? HTTP_API_UNKNOWN_ROUTE_STATUS : REFUSAL[kind];
  return status === refusal ? 'ok' : 'mismatch';
}

/** The verdicts a run may have without failing: the three zero-tolerance counts, mismatches and losses are the rest. */
export const isAcceptable = (verdict: Verdict): boolean => verdict === 'ok' || verdict === 'tolerated' || verdict === 'refused-during-recovery';
