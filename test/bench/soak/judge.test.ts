import { judge, type JudgeContext } from '../../../bench/soak/judge';

const calm: JudgeContext = { asFault: false, knownCached: false };
const asFault: JudgeContext = { asFault: true, knownCached: false };
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
    expect(judge('good', 200, designed503, { asFault: true, knownCached: true })).toBe('wrong-refusal');
    expect(judge('wrong-scope', 200, designed503, { asFault: true, knownCached: true })).toBe('mismatch');
    expect(judge('wrong-scope', 200, designed503, asFault)).toBe('tolerated');
    expect(judge('good', 200, { status: 503 }, asFault)).toBe('unexpected-5xx');
    expect(judge('good', 200, { status: 502 }, asFault)).toBe('unexpected-5xx');
    // Inputs refused before any I/O never need the AS.
    expect(judge('malformed', 200, designed503, asFault)).toBe('unexpected-5xx');
    expect(judge('unknown-route', 200, designed503, asFault)).toBe('unexpected-5xx');
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
