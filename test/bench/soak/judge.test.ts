import { isAcceptable, judge, type JudgeContext, type Verdict } from '../../../bench/soak/judge';

const calm: JudgeContext = { asFault: false, asRecovery: false, knownCached: false };
const asFault: JudgeContext = { asFault: true, asRecovery: false, knownCached: false };
const asRecovery: JudgeContext = { asFault: false, asRecovery: true, knownCached: false };
const designed503 = { status: 503, retryAfter: '5' };

describe('judge', () => {
  it('good traffic: the expected success is ok; any refusal outside an AS fault is a wrong refusal', () => {
    expect(judge('good', 200, { status: 200 }, calm)).toBe('ok');
    expect(judge('good', 201, { status: 200 }, calm)).toBe('mismatch');
    expect(judge('good', 200, { status: 401 }, calm)).toBe('wrong-refusal');
    expect(judge('good', 200, { status: 403 }, asFault)).toBe('wrong-refusal');
    expect(judge('fresh', 200, designed503, calm)).toBe('unexpected-5xx');
  });

  it('an AS fault tolerates the designed 503 with Retry-After, unless the token was known to be cached', () => {
    expect(judge('good', 200, designed503, asFault)).toBe('tolerated');
    expect(judge('fresh', 200, designed503, asFault)).toBe('tolerated');
    expect(judge('good', 200, designed503, { ...asFault, knownCached: true })).toBe('wrong-refusal');
    expect(judge('wrong-scope', 200, designed503, { ...asFault, knownCached: true })).toBe('mismatch');
    expect(judge('wrong-scope', 200, designed503, asFault)).toBe('tolerated');
    expect(judge('good', 200, { status: 503 }, asFault)).toBe('unexpected-5xx');
    expect(judge('good', 200, { status: 502 }, asFault)).toBe('unexpected-5xx');
    // Inputs refused before any I/O never need the AS.
    expect(judge('malformed', 200, designed503, asFault)).toBe('unexpected-5xx');
    expect(judge('unknown-route', 200, designed503, asFault)).toBe('unexpected-5xx');
  });

  it('within the recovery allowance after an AS fault, the designed 503 is counted apart, never as ok, tolerated or offending', () => {
    expect(judge('good', 200, designed503, asRecovery)).toBe('refused-during-recovery');
    expect(judge('fresh', 200, designed503, asRecovery)).toBe('refused-during-recovery');
    expect(judge('unique-garbage', 200, designed503, asRecovery)).toBe('refused-during-recovery');
    expect(isAcceptable('refused-during-recovery')).toBe(true);
    expect(['wrong-allow', 'wrong-refusal', 'unexpected-5xx', 'mismatch', 'lost'].filter((verdict) => isAcceptable(verdict as Verdict))).toEqual([]);
    // The allowance covers the designed 503 only, for requests that need the AS, and not a token known to be cached.
    expect(judge('good', 200, { status: 503 }, asRecovery)).toBe('unexpected-5xx');
    expect(judge('good', 200, { status: 500, retryAfter: '5' }, asRecovery)).toBe('unexpected-5xx');
    expect(judge('malformed', 200, designed503, asRecovery)).toBe('unexpected-5xx');
    expect(judge('good', 200, { status: 401 }, asRecovery)).toBe('wrong-refusal');
    expect(judge('good', 200, designed503, { ...asRecovery, knownCached: true })).toBe('wrong-refusal');
    expect(judge('good', 200, { status: 200 }, asRecovery)).toBe('ok');
    // A request that met the fault itself is the fault's: tolerated, even if it also ran into the allowance.
    expect(judge('good', 200, designed503, { ...asFault, asRecovery: true })).toBe('tolerated');
  });

  it('any 2xx for bad input is a wrong allow, fault or not', () => {
    for (const kind of ['wrong-scope', 'garbage', 'unique-garbage', 'expired', 'forged-jwt', 'replayed-jwt', 'malformed', 'oversized-token', 'oversized-headers', 'missing-token', 'unknown-route'] as const) {
      expect(judge(kind, 200, { status: 200 }, calm)).toBe('wrong-allow');
      expect(judge(kind, 200, { status: 204 }, asFault)).toBe('wrong-allow');
    }
  });

  it('bad input gets its own refusal; another refusal is a mismatch', () => {
    expect(judge('wrong-scope', 200, { status: 403 }, calm)).toBe('ok');
    expect(judge('wrong-scope', 200, { status: 401 }, calm)).toBe('mismatch');
    expect(judge('forged-jwt', 200, { status: 401 }, calm)).toBe('ok');
    expect(judge('oversized-headers', 200, { status: 431 }, calm)).toBe('ok');
    expect(judge('oversized-headers', 200, { reset: true }, calm)).toBe('ok');
    expect(judge('unknown-route', 200, { status: 403 }, calm)).toBe('ok');
  });

  it('a revoked token: good before the revocation, either answer within the cache bound, refused after it', () => {
    expect(judge('revoked', 200, { status: 200 }, { ...calm, revocation: 'before' })).toBe('ok');
    expect(judge('revoked', 200, { status: 401 }, { ...calm, revocation: 'before' })).toBe('wrong-refusal');
    expect(judge('revoked', 200, { status: 200 }, { ...calm, revocation: 'within-bound' })).toBe('ok');
    expect(judge('revoked', 200, { status: 401 }, { ...calm, revocation: 'within-bound' })).toBe('ok');
    expect(judge('revoked', 200, { status: 200 }, { ...calm, revocation: 'after-bound' })).toBe('wrong-allow');
    expect(judge('revoked', 200, { status: 401 }, { ...calm, revocation: 'after-bound' })).toBe('ok');
    expect(judge('revoked', 200, designed503, { ...asFault, revocation: 'after-bound' })).toBe('tolerated');
  });

  it('no answer is lost, except a reset for oversized headers', () => {
    expect(judge('good', 200, {}, calm)).toBe('lost');
    expect(judge('garbage', 200, { reset: true }, calm)).toBe('lost');
  });
});
