// Subject identifiers (RFC 9493, and the RISC/CAEP shapes before it) as what a revocation can match. Only
// subjects of the gateway's own AS count: an `iss_sub` or `jwt_id` of another issuer names nobody here.
import { SetRejected } from './receiver-errors';

export type SubjectMatch =
  | { readonly kind: 'sub' | 'sid' | 'jti' | 'email'; readonly value: string }
  | { readonly kind: 'token'; readonly token: string };

/** `role`: an opaque id in a session event names the session; anywhere else, the account. */
export function subjectMatches(subject: unknown, issuer: string, role: 'session' | 'account'): SubjectMatch[] {
  if (typeof subject !== 'object' || subject === null) throw new SetRejected('invalid_request', 'the event has no subject');
  const fields = subject as Record<string, unknown>;
  const format = text(fields.format) ?? text(fields.subject_type)?.replace('-', '_');
  switch (format) {
    case 'iss_sub':
      sameIssuer(fields.iss, issuer);
      return [{ kind: 'sub', value: required(fields.sub, 'sub') }];
    case 'opaque':
      return [{ kind: role === 'session' ? 'sid' : 'sub', value: required(fields.id, 'id') }];
    case 'jwt_id':
      sameIssuer(fields.iss, issuer);
      return [{ kind: 'jti', value: required(fields.jti, 'jti') }];
    case 'email':
      return [{ kind: 'email', value: required(fields.email, 'email') }];
    case 'aliases': {
      const identifiers = fields.identifiers;
      if (!Array.isArray(identifiers) || identifiers.length === 0) throw new SetRejected('invalid_request', 'an aliases subject lists no identifiers');
      return identifiers.flatMap((identifier) => subjectMatches(identifier, issuer, role));
    }
    case 'oauth_token':
      // OAuth Event Types 1.0: the token itself. Hashed at once and never stored or logged as sent.
      if (fields.token_identifier_alg !== 'plain') throw new SetRejected('invalid_request', 'only plain oauth_token identifiers are supported');
      return [{ kind: 'token', token: required(fields.token, 'token') }];
    case undefined:
      return complexSubject(fields, issuer, role);
    default:
      throw new SetRejected('invalid_request', `subject format "${format}" names nothing this gateway caches`);
  }
}

/** CAEP's complex subject: `session` names one session, `user` the account. */
function complexSubject(fields: Record<string, unknown>, issuer: string, role: 'session' | 'account'): SubjectMatch[] {
  if (role === 'session' && fields.session !== undefined) return subjectMatches(fields.session, issuer, 'session');
  if (fields.user !== undefined) return subjectMatches(fields.user, issuer, 'account');
  throw new SetRejected('invalid_request', 'the subject has no format');
}

function sameIssuer(value: unknown, issuer: string): void {
  if (value !== issuer) throw new SetRejected('invalid_issuer', 'the subject belongs to another issuer');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function required(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new SetRejected('invalid_request', `the subject has no ${name}`);
  return value;
}
