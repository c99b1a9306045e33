// The embedded AS as a SET transmitter (RFC 8935 push): when a token is revoked (RFC 7009, which destroys
// the token model), it signs an OAuth Event Types `token-revoked` SET with its own key and POSTs it to the
// stream's endpoint. oidc-provider emits `<model>.destroyed` with the token; its opaque value is its jti.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type Provider from 'oidc-provider';
import type { SigningKey } from './signing-keys';
import type { SecurityEventStream } from './types';

export const TOKEN_REVOKED_EVENT = 'https://schemas.openid.net/secevent/oauth/event-type/token-revoked';

export interface SecurityEventPusher {
  /** Starts (or, with undefined, stops) pushing to this stream. */
  connect(stream: SecurityEventStream | undefined): void;
  /** Resolves when every push begun so far has been answered. */
  settled(): Promise<void>;
}

const REVOCABLE_MODELS = ['access_token', 'client_credentials'] as const;

export function securityEventPusher(provider: Provider, issuer: string, signingKey: SigningKey, initial?: SecurityEventStream): SecurityEventPusher {
  let stream: SecurityEventStream | undefined = initial;
  const pending = new Set<Promise<void>>();
  const push = async (target: SecurityEventStream, token: string, clientId: string | undefined) => {
    const set = await new SignJWT({
      events: {
        [TOKEN_REVOKED_EVENT]: {
          subject: { subject_type: 'oauth_token', token_type: 'access_token', token_identifier_alg: 'plain', token },
          ...(clientId ? { token_subject: { format: 'opaque', id: clientId } } : {}),
        },
      },
    })
      .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: 'secevent+jwt' })
      .setIssuer(issuer)
      .setAudience(target.audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(signingKey.privateKey);
    const response = await fetch(target.endpoint, { method: 'POST', headers: { 'content-type': 'application/secevent+jwt', accept: 'application/json' }, body: set });
    await response.arrayBuffer();
    if (response.status !== 202) process.stderr.write(`embedded AS: the SET receiver answered ${response.status}\n`);
  };
  for (const model of REVOCABLE_MODELS) {
    (provider as unknown as { on(event: string, listener: (token: { jti: string; clientId?: string }) => void): void }).on(`${model}.destroyed`, (token) => {
      if (!stream) return;
      const delivery = push(stream, token.jti, token.clientId)
        .catch((error: unknown) => {
          process.stderr.write(`embedded AS: SET push failed: ${(error as Error).name}\n`);
        })
        .finally(() => pending.delete(delivery));
      pending.add(delivery);
    });
  }
  return {
    connect: (next) => {
      stream = next;
    },
    settled: async () => {
      await Promise.all([...pending]);
    },
  };
}
