// The events a real AS sends, as revocations. Events of other types are ignored (RFC 8417 section 2.2:
// a recipient acts on the events it knows); a SET with none of ours applies nothing.
import { SetRejected } from './receiver-errors';
import type { SecurityEventToken } from './set-verification';
import { subjectMatches, type SubjectMatch } from './event-subjects';

export const EVENT_TYPES = {
  sessionRevoked: 'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
  credentialChange: 'https://schemas.openid.net/secevent/caep/event-type/credential-change',
  accountDisabled: 'https://schemas.openid.net/secevent/risc/event-type/account-disabled',
  sessionsRevoked: 'https://schemas.openid.net/secevent/risc/event-type/sessions-revoked',
  tokenRevoked: 'https://schemas.openid.net/secevent/oauth/event-type/token-revoked',
} as const;

const ROLE_BY_EVENT: Readonly<Record<string, 'session' | 'account'>> = {
  [EVENT_TYPES.sessionRevoked]: 'session',
  [EVENT_TYPES.credentialChange]: 'account',
  [EVENT_TYPES.accountDisabled]: 'account',
  [EVENT_TYPES.sessionsRevoked]: 'account',
  [EVENT_TYPES.tokenRevoked]: 'account',
};

export interface EventRevocation {
  readonly match: SubjectMatch;
  /** CAEP's `event_timestamp` when given, else the SET's `iat`. */
  readonly atMs: number;
}

export function revocationsOf(set: SecurityEventToken): EventRevocation[] {
  const found: EventRevocation[] = [];
  for (const [type, body] of Object.entries(set.events)) {
    const role = ROLE_BY_EVENT[type];
    if (role === undefined) continue;
    if (typeof body !== 'object' || body === null) throw new SetRejected('invalid_request', `the ${type} event is not an object`);
    const event = body as { subject?: unknown; event_timestamp?: unknown };
    const subject = event.subject ?? set.subId;
    const atMs = typeof event.event_timestamp === 'number' ? event.event_timestamp * 1000 : set.issuedAtMs;
    for (const match of subjectMatches(subject, set.issuer, role)) found.push({ match, atMs });
  }
  return found;
}
