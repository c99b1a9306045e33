// The binding rule, applied after the token lookup (memory, DynamoDB or the AS) on every request: a bound
// token is accepted only the way it is bound. `cnf.jkt`: the DPoP scheme with a valid, fresh, unreplayed
// proof by that key; `cnf["x5t#S256"]`: mutual TLS with that certificate; both when it names both. An
// unbound token keeps working as Bearer; presented with the DPoP scheme it is refused (there is no key to
// hold the proof to). With sender-constrained tokens off, every bound token is refused.
import { TokenError } from '../../shared/errors';
import { checkCertificateBinding } from './certificate-binding';
import type { PresentedToken } from './authorization-scheme';
import type { DpopProofChecker } from './dpop-proof';
import type { ReplayGuard } from './replay-guard';
import { publicRequestUrl, type SenderEvidence } from './request-evidence';
import type { TokenBinding } from './token-binding';

export interface SenderConstraintSettings {
  /** Bound tokens are accepted with their proof; off: refused. */
  readonly accepted: boolean;
  readonly proofs: DpopProofChecker;
  readonly replay: ReplayGuard;
  readonly windowSeconds: number;
  readonly publicBaseUrl?: string;
  readonly localMode: boolean;
  readonly now: () => number;
}

/** Returns nothing (or a promise of nothing: the replay write) when the request may use the token. */
export function enforceBinding(
  presented: PresentedToken,
  binding: TokenBinding | undefined,
  /** Undefined for a TOKEN event, which carries no evidence. */
  readEvidence: (() => SenderEvidence) | undefined,
  /** Undefined: bound tokens are refused. */
  settings: SenderConstraintSettings | undefined,
): void | Promise<void> {
  if (presented.scheme === 'DPoP' && binding?.jkt === undefined && !binding?.unsupported) {
    throw new TokenError('ERR_DPOP_TOKEN_UNBOUND', 'the DPoP scheme was used with a token that is not DPoP-bound');
  }
  if (binding === undefined) return;
  if (!settings?.accepted || binding.unsupported) {
    throw new TokenError('ERR_BOUND_TOKEN_NOT_ACCEPTED', 'the token is sender-constrained and this gateway does not accept such tokens', {
      unsupportedCnf: binding.unsupported === true,
    });
  }
  if (binding.jkt !== undefined && presented.scheme !== 'DPoP') {
    throw new TokenError('ERR_BOUND_TOKEN_AS_BEARER', 'a DPoP-bound token was presented with the Bearer scheme');
  }
  const evidence = readEvidence?.();
  if (binding.x5tS256 !== undefined) checkCertificateBinding(evidence?.clientCertPem, binding.x5tS256);
  if (binding.jkt === undefined) return;
  if (!evidence) throw new TokenError('ERR_DPOP_PROOF_MISSING', 'this event kind carries no DPoP header (use a REQUEST authorizer)');
  const proof = settings.proofs.check(evidence.dpop, {
    method: evidence.method,
    url: publicRequestUrl(evidence, settings),
    accessToken: presented.token,
    nowMs: settings.now(),
    windowSeconds: settings.windowSeconds,
  });
  if (proof.jkt !== binding.jkt) throw new TokenError('ERR_DPOP_KEY_MISMATCH', 'the proof is signed by another key than the token is bound to');
  return settings.replay.claim(proof.jkt, proof.jti, (proof.iat + settings.windowSeconds) * 1000);
}
