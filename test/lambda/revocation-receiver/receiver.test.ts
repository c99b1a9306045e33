// The receiver end to end against dynalite: every event kind and subject format it acts on, the RFC 8935
// answers, forged, unsigned, misaddressed and replayed SETs changing nothing, the operator call, and one
// flush per delivery (the flush is a mock: API Gateway cannot run here).
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { UnsecuredJWT } from 'jose';
import { createReceiverHandler, EVENT_TYPES, withThrottleRetries, type ReceiverAnswer } from '../../../lambda/revocation-receiver';
import { DynamoDbRevocationStore, revocationValueHash, type Revocation } from '../../../lambda/shared/revocation';
import { tokenHash } from '../../../lambda/shared/token-hash';
import { startBackend, type DynamoDbBackend } from '../authorizer/helpers/dynamodb-backends';
import { AUDIENCE, createLocalJWKSetFor, ISSUER, mockFlusher, pushEvent, receiverUnderTest, signingKeys, signSet, type SigningKeys } from './helpers';

let db: DynamoDbBackend;
let keys: SigningKeys;
beforeAll(async () => {
  [db, keys] = await Promise.all([startBackend('dynalite'), signingKeys()]);
}, 60_000);
afterAll(async () => db?.stop());

async function recorded(table: string): Promise<Revocation[]> {
  const store = new DynamoDbRevocationStore({ client: db.client, tableName: table, timeoutMs: 2_000 });
  const epoch = await store.readEpoch();
  if (epoch === 0) return [];
  return [...(await store.readBucket(0)).revocations.values()];
}

const pick = (revocations: Revocation[]) => revocations.map(({ kind, hash }) => ({ kind, hash }));
const hashOf = (kind: 'sub' | 'sid' | 'jti' | 'email' | 'client_id', value: string) => revocationValueHash(kind, value);

describe('SET push (RFC 8935)', () => {
  const cases: Array<[string, string, Record<string, unknown>, Array<{ kind: string; hash: string }>]> = [
    ['CAEP session-revoked, opaque session id', EVENT_TYPES.sessionRevoked, { subject: { format: 'opaque', id: 'sess-1' } }, [{ kind: 'sid', hash: hashOf('sid', 'sess-1') }]],
    ['CAEP session-revoked, complex subject with a session', EVENT_TYPES.sessionRevoked, { subject: { session: { format: 'opaque', id: 'sess-2' }, user: { format: 'iss_sub', iss: ISSUER, sub: 'u' } } }, [{ kind: 'sid', hash: hashOf('sid', 'sess-2') }]],
    ['CAEP session-revoked, iss_sub user (all sessions)', EVENT_TYPES.sessionRevoked, { subject: { format: 'iss_sub', iss: ISSUER, sub: 'alice' } }, [{ kind: 'sub', hash: hashOf('sub', 'alice') }]],
    ['CAEP credential-change, email', EVENT_TYPES.credentialChange, { subject: { format: 'email', email: 'Bob@Example.com' }, credential_type: 'password', change_type: 'update' }, [{ kind: 'email', hash: hashOf('email', 'bob@example.com') }]],
    ['RISC account-disabled, iss_sub', EVENT_TYPES.accountDisabled, { subject: { subject_type: 'iss-sub', iss: ISSUER, sub: 'carol' }, reason: 'hijacking' }, [{ kind: 'sub', hash: hashOf('sub', 'carol') }]],
    ['RISC sessions-revoked, opaque account id', EVENT_TYPES.sessionsRevoked, { subject: { format: 'opaque', id: 'dave' } }, [{ kind: 'sub', hash: hashOf('sub', 'dave') }]],
    ['a jwt_id subject (a phantom JWT)', EVENT_TYPES.sessionsRevoked, { subject: { format: 'jwt_id', iss: ISSUER, jti: 'jwt-42' } }, [{ kind: 'jti', hash: hashOf('jti', 'jwt-42') }]],
    ['aliases', EVENT_TYPES.accountDisabled, { subject: { format: 'aliases', identifiers: [{ format: 'iss_sub', iss: ISSUER, sub: 'erin' }, { format: 'email', email: 'erin@example.com' }] } }, [{ kind: 'sub', hash: hashOf('sub', 'erin') }, { kind: 'email', hash: hashOf('email', 'erin@example.com') }]],
    ['OAuth token-revoked, plain token (stored as its hash)', EVENT_TYPES.tokenRevoked, { subject: { subject_type: 'oauth_token', token_type: 'access_token', token_identifier_alg: 'plain', token: 'opaque-abc' } }, [{ kind: 'token', hash: tokenHash('opaque-abc') }]],
  ];
  it.each(cases)('%s is recorded, answered 202 and flushed at once and after one poll interval', async (_name, type, event, expected) => {
    const r = await receiverUnderTest(db, keys);
    const answer = await r.handler(pushEvent(await signSet(keys, { [type]: event })));
    expect(answer).toEqual({ statusCode: 202, headers: {}, body: '' });
    expect(pick(await recorded(r.table))).toEqual(expected);
    expect(r.flusher.calls).toBe(2);
    expect(r.sleeps).toEqual([3_000]);
    expect(r.lines.join('\n')).not.toContain('opaque-abc');
  });

  it('the SSF top-level sub_id names the subject when the event has none', async () => {
    const r = await receiverUnderTest(db, keys);
    const set = await signSet(keys, { [EVENT_TYPES.sessionsRevoked]: {} }, { extra: { sub_id: { format: 'iss_sub', iss: ISSUER, sub: 'frank' } } });
    expect(await r.handler(pushEvent(set))).toMatchObject({ statusCode: 202 });
    expect(pick(await recorded(r.table))).toEqual([{ kind: 'sub', hash: hashOf('sub', 'frank') }]);
  });

  it('event_timestamp is when a sub revocation takes effect', async () => {
    const r = await receiverUnderTest(db, keys);
    const at = Math.floor(Date.now() / 1000) - 20;
    await r.handler(pushEvent(await signSet(keys, { [EVENT_TYPES.sessionRevoked]: { subject: { format: 'iss_sub', iss: ISSUER, sub: 'g' }, event_timestamp: at } })));
    const [revocation] = await recorded(r.table);
    expect(revocation.atMs).toBe(at * 1000);
    expect(revocation.expiresAtMs).toBeGreaterThanOrEqual(Date.now() + 300_000);
  });

  it('an event type it does not know is accepted and applies nothing', async () => {
    const r = await receiverUnderTest(db, keys);
    const answer = await r.handler(pushEvent(await signSet(keys, { 'https://schemas.openid.net/secevent/caep/event-type/assurance-level-change': { subject: { format: 'opaque', id: 'x' } } })));
    expect(answer).toMatchObject({ statusCode: 202 });
    expect(await recorded(r.table)).toEqual([]);
    expect(r.flusher.calls).toBe(0);
  });

  it('a replayed SET (same jti) is not applied again', async () => {
    const r = await receiverUnderTest(db, keys);
    const set = await signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'h' } } }, { jti: 'once' });
    await r.handler(pushEvent(set));
    expect(await r.handler(pushEvent(set))).toMatchObject({ statusCode: 202 });
    expect(await recorded(r.table)).toHaveLength(1);
    expect(r.flusher.calls).toBe(2);
    expect(r.lines.map((line) => JSON.parse(line).outcome)).toEqual(['applied', 'duplicate']);
  });

  const refusals: Array<[string, () => Promise<string>, string]> = [
    ['signed with a key the AS does not publish', async () => signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'i' } } }, { key: await signingKeys('forger') }), 'invalid_key'],
    ['forged under the AS key id', async () => signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'i' } } }, { key: { ...(await signingKeys()), publicJwk: keys.publicJwk } }), 'authentication_failed'],
    ['unsigned (alg none)', async () => new UnsecuredJWT({ events: { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'i' } } } }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setJti('u').encode(), 'invalid_key'],
    ['from another issuer', async () => signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'i' } } }, { issuer: 'https://evil.example' }), 'invalid_issuer'],
    ['for another audience', async () => signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'i' } } }, { audience: 'https://other.example' }), 'invalid_audience'],
    ['naming a subject of another issuer', async () => signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'iss_sub', iss: 'https://evil.example', sub: 'i' } } }), 'invalid_issuer'],
    ['with a subject format that names nothing cached', async () => signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'phone_number', phone_number: '+1' } } }), 'invalid_request'],
    ['another JWT type (an access token)', async () => signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'i' } } }, { typ: 'at+jwt' }), 'invalid_request'],
    ['not a JWT at all', async () => 'not-a-jwt', 'invalid_request'],
  ];
  it.each(refusals)('a SET %s is answered 400 and changes nothing', async (_name, make, err) => {
    const r = await receiverUnderTest(db, keys);
    const answer = await r.handler(pushEvent(await make()));
    expect(answer).toMatchObject({ statusCode: 400 });
    expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ err });
    expect(await recorded(r.table)).toEqual([]);
    expect(r.flusher.calls).toBe(0);
    expect(r.lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ msg: 'revocation_received', outcome: 'rejected', err })]);
  });

  it('a SET that does not verify leaves its jti unclaimed: the genuine one still applies', async () => {
    const r = await receiverUnderTest(db, keys);
    const events = { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'j' } } };
    await r.handler(pushEvent(await signSet(keys, events, { jti: 'shared', key: await signingKeys('forger') })));
    expect(await r.handler(pushEvent(await signSet(keys, events, { jti: 'shared' })))).toMatchObject({ statusCode: 202 });
    expect(await recorded(r.table)).toHaveLength(1);
  });

  it('the wrong Content-Type or method is invalid_request', async () => {
    const r = await receiverUnderTest(db, keys);
    const set = await signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'k' } } });
    expect(await r.handler(pushEvent(set, 'application/json'))).toMatchObject({ statusCode: 400 });
    expect(await r.handler({ ...pushEvent(set), requestContext: { http: { method: 'GET' } } })).toMatchObject({ statusCode: 400 });
    expect(await recorded(r.table)).toEqual([]);
  });
});

describe('operator call (direct, IAM-authenticated invocation)', () => {
  it('revokes by token, token hash, sub, client_id, sid and jti, with one pair of flushes', async () => {
    const r = await receiverUnderTest(db, keys);
    const answer = (await r.handler({ revoke: { token: 'tok-9', tokenHash: tokenHash('tok-10'), sub: 's', clientId: 'c', sid: 'x', jti: 'j' } })) as ReceiverAnswer;
    expect(answer).toEqual({ status: 202, applied: 6 });
    expect(pick(await recorded(r.table)).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual(
      [
        { kind: 'token', hash: tokenHash('tok-9') },
        { kind: 'token', hash: tokenHash('tok-10') },
        { kind: 'sub', hash: hashOf('sub', 's') },
        { kind: 'client_id', hash: hashOf('client_id', 'c') },
        { kind: 'sid', hash: hashOf('sid', 'x') },
        { kind: 'jti', hash: hashOf('jti', 'j') },
      ].sort((a, b) => a.kind.localeCompare(b.kind)),
    );
    expect(r.flusher.calls).toBe(2);
    expect(r.lines.join('\n')).not.toContain('tok-9');
  });

  it.each([
    [{}],
    [{ revoke: {} }],
    [{ revoke: { tokenHash: 'not-hex' } }],
    [{ revoke: { sub: 42 } }],
    [{ revoke: { user: 'x' } }],
  ])('%j is invalid_request and changes nothing', async (payload) => {
    const r = await receiverUnderTest(db, keys);
    expect(await r.handler(payload)).toMatchObject({ status: 400, err: 'invalid_request' });
    expect(await recorded(r.table)).toEqual([]);
  });
});

describe('authorizer cache flush', () => {
  it('a throttled flush is retried (API Gateway mocked: it cannot run here), another failure is not', async () => {
    const throttled = mockFlusher(2);
    await withThrottleRetries(throttled, { sleep: async () => undefined }).flush();
    expect(throttled.calls).toBe(3);
    const broken = { calls: 0, flush: async () => { broken.calls++; throw Object.assign(new Error('no'), { name: 'AccessDeniedException' }); } };
    await expect(withThrottleRetries(broken, { sleep: async () => undefined }).flush()).rejects.toThrow('no');
    expect(broken.calls).toBe(1);
  });

  it('a flush that keeps failing still records the revocation and answers 202, the line saying flush failed', async () => {
    const r = await receiverUnderTest(db, keys, { flush: async () => { throw new Error('down'); } } as never);
    expect(await r.handler({ revoke: { sub: 'z' } })).toMatchObject({ status: 202 });
    expect(await recorded(r.table)).toHaveLength(1);
    expect(JSON.parse(r.lines[0])).toMatchObject({ outcome: 'applied', flush: 'failed' });
  });
});

describe('fail safe', () => {
  it('a table that fails while recording (mocked: a DynamoDB outage cannot be made real here) answers 503 with Retry-After, and the redelivered SET applies', async () => {
    const r = await receiverUnderTest(db, keys);
    let failUpdates = 1;
    const flaky = {
      send: (command: unknown, options?: unknown) => {
        if (command instanceof UpdateItemCommand && failUpdates-- > 0) return Promise.reject(Object.assign(new Error('down'), { name: 'TimeoutError' }));
        return (db.client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
      },
    };
    const lines: string[] = [];
    const handler = createReceiverHandler(r.config, { dynamoDb: flaky as never, flusher: r.flusher, logSink: (line) => lines.push(line), keys: createLocalJWKSetFor(keys), sleep: async () => undefined });
    const set = await signSet(keys, { [EVENT_TYPES.sessionsRevoked]: { subject: { format: 'opaque', id: 'outage' } } }, { jti: 'during-outage' });
    expect(await handler(pushEvent(set))).toMatchObject({ statusCode: 503, headers: { 'retry-after': '5' } });
    expect(await recorded(r.table)).toEqual([]);
    expect(r.flusher.calls).toBe(0);
    expect(await handler(pushEvent(set))).toMatchObject({ statusCode: 202 });
    expect(pick(await recorded(r.table))).toEqual([{ kind: 'sub', hash: hashOf('sub', 'outage') }]);
    expect(lines.map((line) => JSON.parse(line).outcome)).toEqual(['unavailable', 'applied']);
  });
});
