// Every line the logger writes (decisions, events, metrics-only lines, their pretty form) is free of the
// opaque token, the phantom JWT (and each of its parts), the client secret and the full token hash,
// even when a caller hands the logger an object that carries them.
import { randomBytes } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { DecisionLogger, type DecisionRecord } from '../../../lambda/shared/decision-log';
import type { LogLevel } from '../../../lambda/shared/config';
import { formatPrettyLine } from '../../../lambda/shared/pretty-log';
import { tokenHash, tokenHashPrefix } from '../../../lambda/shared/token-hash';

describe('no token, JWT or secret in any log line', () => {
  let jwt: string;
  const opaqueToken = randomBytes(32).toString('base64url');
  const clientSecret = randomBytes(24).toString('base64url');
  const hash = tokenHash(opaqueToken);

  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('ES256');
    jwt = await new SignJWT({ scope: 'invoices_read', client_id: 'web-app' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('alice')
      .setIssuer('https://as.example.com')
      .setExpirationTime('5m')
      .sign(privateKey);
  });

  function forbidden(): string[] {
    return [opaqueToken, jwt, ...jwt.split('.'), clientSecret, hash];
  }

  it.each<[LogLevel, boolean]>([
    ['debug', true],
    ['error', true],
    ['debug', false],
  ])('level %s, metrics %s', (level, metricsOn) => {
    const lines: string[] = [];
    const logger = new DecisionLogger(level, (line) => lines.push(line), { metrics: metricsOn ? { service: 'fn' } : false });
    // What a careless caller might pass: the request context, token and JWT included.
    const context = {
      component: 'authorizer' as const,
      route: 'GET /invoices',
      sub: 'alice',
      clientId: 'web-app',
      requestId: 'req-1',
      tokenHashPrefix: tokenHashPrefix(hash),
      token: opaqueToken,
      jwt,
      authorization: `Bearer ${opaqueToken}`,
      clientSecret,
    };
    const records: DecisionRecord[] = [
      { ...context, outcome: 'allow', reason: 'OK', cacheTier: 'miss', asLatencyMs: 20 },
      { ...context, outcome: 'deny', reason: 'ERR_SCOPE_INSUFFICIENT', cacheTier: 'memory' },
      { ...context, outcome: 'unauthorized', reason: 'ERR_TOKEN_INACTIVE', cacheTier: 'negative' },
      { ...context, outcome: 'unavailable', reason: 'ERR_AS_CLIENT_AUTH', asErrorKind: 'client_auth' },
      { ...context, outcome: 'error', reason: 'ERR_CONFIG' },
      // The token put in the hash-prefix field by mistake is dropped, not logged.
      { ...context, outcome: 'unauthorized', reason: 'ERR_TOKEN_MALFORMED', tokenHashPrefix: opaqueToken },
    ];
    for (const record of records) logger.decision(record);
    logger.event('jwks_refresh', { reason: 'unknown_kid', kid: 'k1', token: opaqueToken } as never);
    logger.event('dynamodb_error', { kind: 'throttle', jwt } as never);
    logger.event('secret_refresh', { clientSecret } as never);
    logger.event('cache_entry_rejected', { reason: 'ERR_JWT_SIGNATURE', jwt } as never);
    // A plain line copies its fixed list of fields only (mode here), not what else the object carries.
    logger.log('error', 'cold_start', { mode: 'accept-jwt', error: `bad secret ${clientSecret}`, token: opaqueToken, jwt } as never);

    // cache_entry_rejected is a warn line without a metric: nothing is written for it at level error.
    expect(lines).toHaveLength(records.length + (level === 'error' ? 4 : 5));
    expect(Object.keys(JSON.parse(lines[lines.length - 1])).sort()).toEqual(['level', 'mode', 'msg', 'time']);
    const pretty = lines.map((line) => formatPrettyLine(line, { color: true }) ?? '');
    for (const line of [...lines, ...pretty]) {
      for (const secret of forbidden()) expect(line).not.toContain(secret);
    }
    if (level === 'debug') expect(JSON.parse(lines[0])).toMatchObject({ sub: 'alice', tokenHashPrefix: hash.slice(0, 12) });
  });
});
