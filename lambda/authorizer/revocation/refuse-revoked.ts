// The revocation check every decision makes, whatever tier answered: a cache entry (or a fresh AS answer)
// that a known revocation names is refused, and its memory entry dropped.
import { TokenError } from '../../shared/errors';
import type { RevocationKind } from '../../shared/revocation';
import type { VerifiedIdentity } from '../exchange/types';
import type { PollOutcome } from './revocation-poller';
import type { Refusal } from './revocation-list';

/** What a decision line says about revocation (a part of DecisionTrace). */
export interface RevocationTrace {
  revokedBy?: RevocationKind;
  revocationDelayMs?: number;
  revocationPoll?: 'failed';
}

export interface RevocationCheck {
  refusal(tokenHash: string, identity: VerifiedIdentity): Refusal | undefined;
}

export function refuseIfRevoked(
  check: RevocationCheck | undefined,
  forget: (tokenHash: string) => void,
  tokenHash: string,
  identity: VerifiedIdentity,
  trace: RevocationTrace,
): void {
  const refusal = check?.refusal(tokenHash, identity);
  if (refusal === undefined) return;
  forget(tokenHash);
  trace.revokedBy = refusal.kind;
  trace.revocationDelayMs = refusal.firstRefusalDelayMs;
  throw new TokenError('ERR_TOKEN_REVOKED', 'a revocation names this token', { revokedBy: refusal.kind });
}

export function notePoll(outcome: PollOutcome, trace: RevocationTrace): void {
  if (outcome === 'failed') trace.revocationPoll = 'failed';
}
