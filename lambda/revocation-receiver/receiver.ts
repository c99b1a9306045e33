// The receiver's core: a SET or an operator call in, revocations recorded, the gateway's authorizer cache
// flushed, an RFC 8935 answer out. Nothing is recorded unless the SET verified and every subject in it
// could be read; a SET is applied once (its jti is claimed before, and given back if recording fails).
import type { RevocationReceiverConfig } from '../shared/config';
import type { DecisionLogger } from '../shared/decision-log';
import type { KeyResolver } from '../shared/jwt/local-key-set';
import { revocationValueHash, type Revocation, type RevocationWriter } from '../shared/revocation';
import { tokenHash } from '../shared/token-hash';
import type { AuthorizerCacheFlusher } from './authorizer-cache-flush';
import type { SubjectMatch } from './event-subjects';
import { operatorRequest } from './operator-request';
import { ReceiverUnavailable, SetRejected, type SetErrorCode } from './receiver-errors';
import { revocationsOf } from './security-events';
import { verifySecurityEventToken } from './set-verification';

/** Revocations outlive the longest cache entry they could match by this much (clock skew, a slow poll). */
export const RETENTION_MARGIN_SECONDS = 60;

/** The second flush waits one poll interval plus this: time for the poll itself and the request it rides on. */
export const SECOND_FLUSH_MARGIN_MS = 1_000;

export interface ReceiverAnswer {
  readonly status: 202 | 400 | 503;
  readonly err?: SetErrorCode;
  readonly description?: string;
  /** Revocations recorded by this delivery (0 for a duplicate or a SET with no event of ours). */
  readonly applied: number;
}

export interface RevocationReceiverOptions {
  readonly config: RevocationReceiverConfig;
  readonly writer: RevocationWriter;
  readonly keys: () => Promise<KeyResolver>;
  readonly flusher?: AuthorizerCacheFlusher;
  readonly logger: DecisionLogger;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Outcome {
  readonly revocations: readonly Revocation[];
  readonly duplicate?: boolean;
}

export class RevocationReceiver {
  private readonly now: () => number;

  constructor(private readonly options: RevocationReceiverOptions) {
    this.now = options.now ?? Date.now;
  }

  /** An RFC 8935 push: the request body, a compact SET. */
  receiveSet(jwt: string): Promise<ReceiverAnswer> {
    return this.answer('set', () => this.applySet(jwt.trim()));
  }

  /** A direct invocation: `{ "revoke": { "sub": "..." } }` (operator-request.ts). */
  receiveOperatorCall(payload: unknown): Promise<ReceiverAnswer> {
    return this.answer('operator', async () => {
      const request = operatorRequest(payload);
      const atMs = this.now();
      const matches: SubjectMatch[] = [];
      if (request.token !== undefined) matches.push({ kind: 'token', token: request.token });
      for (const [kind, value] of [['sub', request.sub], ['sid', request.sid], ['jti', request.jti], ['email', request.email]] as const) {
        if (value !== undefined) matches.push({ kind, value });
      }
      const revocations = matches.map((match) => this.revocation(match, atMs));
      if (request.tokenHash !== undefined) revocations.push({ kind: 'token', hash: request.tokenHash, atMs, expiresAtMs: this.expiry(atMs) });
      if (request.clientId !== undefined) revocations.push({ kind: 'client_id', hash: revocationValueHash('client_id', request.clientId), atMs, expiresAtMs: this.expiry(atMs) });
      await this.record(revocations);
      return { revocations };
    });
  }

  private async applySet(jwt: string): Promise<Outcome> {
    const set = await verifySecurityEventToken(jwt, await this.keys(), this.options.config, this.now());
    // Read every subject before anything is recorded: a SET is applied whole or not at all.
    const revocations = revocationsOf(set).map(({ match, atMs }) => this.revocation(match, atMs));
    const expiresAtMs = this.expiry(this.now());
    if (!(await this.unavailableOnFailure(() => this.options.writer.claimEvent(set.issuer, set.jti, expiresAtMs)))) {
      return { revocations: [], duplicate: true };
    }
    try {
      await this.record(revocations);
    } catch (error) {
      await this.options.writer.releaseEvent(set.issuer, set.jti).catch(() => undefined);
      throw error;
    }
    return { revocations };
  }

  private async answer(source: 'set' | 'operator', apply: () => Promise<Outcome>): Promise<ReceiverAnswer> {
    const started = this.now();
    const { logger } = this.options;
    try {
      const { revocations, duplicate } = await apply();
      const flush = revocations.length > 0 ? await this.flush() : 'off';
      logger.event('revocation_received', {
        source,
        outcome: duplicate ? 'duplicate' : 'applied',
        applied: revocations.length,
        kinds: [...new Set(revocations.map((revocation) => revocation.kind))].join(',') || undefined,
        flush,
        durationMs: this.now() - started,
      });
      return { status: 202, applied: revocations.length };
    } catch (error) {
      if (error instanceof SetRejected) {
        logger.event('revocation_received', { source, outcome: 'rejected', err: error.err, durationMs: this.now() - started });
        return { status: 400, err: error.err, description: error.description, applied: 0 };
      }
      if (error instanceof ReceiverUnavailable) {
        logger.event('revocation_received', { source, outcome: 'unavailable', durationMs: this.now() - started });
        return { status: 503, description: error.message, applied: 0 };
      }
      throw error;
    }
  }

  private revocation(match: SubjectMatch, atMs: number): Revocation {
    const hash = match.kind === 'token' ? tokenHash(match.token) : revocationValueHash(match.kind, match.value);
    return { kind: match.kind, hash, atMs, expiresAtMs: this.expiry(Math.max(atMs, this.now())) };
  }

  private expiry(fromMs: number): number {
    return fromMs + (this.options.config.cacheMaxTtlSeconds + RETENTION_MARGIN_SECONDS) * 1000;
  }

  private async record(revocations: readonly Revocation[]): Promise<void> {
    await this.unavailableOnFailure(async () => {
      for (const revocation of revocations) await this.options.writer.record(revocation);
    });
  }

  private async keys(): Promise<KeyResolver> {
    return this.unavailableOnFailure(() => this.options.keys());
  }

  /** The table's (or the key source's) trouble is a 503: the transmitter delivers again. */
  private async unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof SetRejected || error instanceof ReceiverUnavailable) throw error;
      throw new ReceiverUnavailable('the revocation table could not be reached', { cause: error });
    }
  }

  /**
   * Twice: at once, and again once every authorizer instance that serves requests has polled. Until an
   * instance has polled, it may still allow the token from its memory tier, and API Gateway would cache
   * that allow again; the second flush removes those. A failed flush leaves API Gateway's cache to expire
   * on its TTL; the revocation stands in every other tier.
   */
  private async flush(): Promise<'done' | 'failed' | 'off'> {
    const { flusher, config } = this.options;
    if (!flusher) return 'off';
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    try {
      await flusher.flush();
      if (config.revocationPollIntervalMs > 0) {
        await sleep(config.revocationPollIntervalMs + SECOND_FLUSH_MARGIN_MS);
        await flusher.flush();
      }
      return 'done';
    } catch {
      return 'failed';
    }
  }
}
