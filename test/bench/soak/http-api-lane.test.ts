// The soak's HTTP API lane: the same verdicts, with HTTP API's own answers where they differ (500
// without Retry-After for an authorizer that fails while the AS is down, 404 for an unknown route).
import { judge, type JudgeContext } from '../../../bench/soak/judge';
import { parseSoakArgs, SoakUsageError } from '../../../bench/soak/options';

const calm: JudgeContext = { asFault: false, asRecovery: false, knownCached: false, api: 'http' };
const asFault: JudgeContext = { ...calm, asFault: true };
const asRecovery: JudgeContext = { ...calm, asRecovery: true };

describe('judge, HTTP API lane', () => {
  it('an AS fault tolerates the 500 of a failing authorizer (no Retry-After on an HTTP API), not the REST 503', () => {
    expect(judge('good', 200, { status: 500 }, asFault)).toBe('tolerated');
    expect(judge('fresh', 200, { status: 500 }, asRecovery)).toBe('refused-during-recovery');
    expect(judge('good', 200, { status: 500 }, { ...asFault, knownCached: true })).toBe('wrong-refusal');
    expect(judge('good', 200, { status: 503, retryAfter: '5' }, asFault)).toBe('unexpected-5xx');
    expect(judge('good', 200, { status: 500 }, calm)).toBe('unexpected-5xx');
    expect(judge('malformed', 200, { status: 500 }, asFault)).toBe('unexpected-5xx');
  });

  it('an unknown route is HTTP API\'s 404; the other refusals are those of the REST lane', () => {
    expect(judge('unknown-route', 200, { status: 404 }, calm)).toBe('ok');
    expect(judge('unknown-route', 200, { status: 403 }, calm)).toBe('mismatch');
    expect(judge('unknown-route', 200, { status: 403 }, { ...calm, api: undefined })).toBe('ok');
    expect(judge('wrong-scope', 200, { status: 403 }, calm)).toBe('ok');
    expect(judge('garbage', 200, { status: 401 }, calm)).toBe('ok');
    expect(judge('good', 200, { status: 200 }, calm)).toBe('ok');
    expect(judge('revoked', 200, { status: 200 }, { ...calm, revocation: 'after-bound' })).toBe('wrong-allow');
  });

  it('--api chooses the lane', () => {
    expect(parseSoakArgs(['--api', 'http']).api).toBe('http');
    expect(parseSoakArgs([]).api).toBeUndefined();
    expect(() => parseSoakArgs(['--api', 'grpc'])).toThrow(SoakUsageError);
    expect(() => parseSoakArgs(['--api', 'grpc'])).toThrow(/^--api must be one of rest, http/);
  });
});
