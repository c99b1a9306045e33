// A bad environment fails every call with an AuthorizerFailure (503-mapped) naming nothing secret, and
// logs each as a decision with outcome `error`, reason ERR_CONFIG and its metrics (the AuthorizerErrors
// alarm counts Decisions with Outcome=error), even when the faulty setting is the metrics switch itself.
import { AuthorizerFailure, handler } from '../../../lambda/authorizer';
import { authorizerConfigToEnv } from '../../../lambda/shared/config';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import { metricKeys } from '../shared/emf-lines';
import { restRequestEvent } from './helpers/config';

const LAMBDA_ENV = { AWS_LAMBDA_FUNCTION_NAME: 'stack-Authorizer-ABC' };
const VALID_ENV = authorizerConfigToEnv({
  issuer: 'http://127.0.0.1:1',
  clientId: 'gateway-client',
  clientSecret: 'very-secret-value',
  routes: EXAMPLE_ROUTES,
  localMode: true,
});

/** Calls the real entry point with exactly `env`, returns the error it threw and the lines it wrote. */
async function coldStart(env: Record<string, string>): Promise<{ error: unknown; lines: Record<string, unknown>[]; raw: string[] }> {
  const saved = process.env;
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    process.env = { PATH: saved.PATH, ...env };
    const error = await handler(restRequestEvent('Bearer tok-config'), { awsRequestId: 'aws-req-1' }).catch((caught: unknown) => caught);
    const raw = write.mock.calls.map((call) => String(call[0]).trim());
    return { error, raw, lines: raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
  } finally {
    write.mockRestore();
    process.env = saved;
  }
}

function expectConfigFailure({ error, lines, raw }: Awaited<ReturnType<typeof coldStart>>, setting: string): void {
  expect(error).toBeInstanceOf(AuthorizerFailure);
  expect((error as AuthorizerFailure).code).toBe('ERR_CONFIG');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 'error', msg: 'decision', component: 'authorizer', outcome: 'error', reason: 'ERR_CONFIG', setting, route: 'GET /invoices', requestId: 'req-1' });
  expect(metricKeys(raw[0])).toEqual(['Decisions{Outcome=error}', 'Decisions{Reason=ERR_CONFIG}', 'Decisions{}']);
  expect(lines[0].service).toBe(LAMBDA_ENV.AWS_LAMBDA_FUNCTION_NAME);
  expect(raw[0]).not.toContain('very-secret-value');
}

it('a missing variable in Lambda: a decision line with outcome error, reason ERR_CONFIG, the setting and the Decisions metrics', async () => {
  const env: Record<string, string> = { ...VALID_ENV, ...LAMBDA_ENV };
  delete env.PHANTOM_CLIENT_ID;
  expectConfigFailure(await coldStart(env), 'PHANTOM_CLIENT_ID');
});

it('an invalid PHANTOM_METRICS alone: still one error decision, with metrics (the default inside Lambda)', async () => {
  expectConfigFailure(await coldStart({ ...VALID_ENV, ...LAMBDA_ENV, PHANTOM_METRICS: 'yes' }), 'PHANTOM_METRICS');
});

it('an invalid PHANTOM_METRICS next to another fault: the line is still written', async () => {
  const env: Record<string, string> = { ...VALID_ENV, ...LAMBDA_ENV, PHANTOM_METRICS: 'yes' };
  delete env.PHANTOM_ISSUER;
  expectConfigFailure(await coldStart(env), 'PHANTOM_ISSUER');
});

it('outside Lambda the same line goes out without metrics, and every call reports again', async () => {
  const env = { ...VALID_ENV, PHANTOM_LOG_LEVEL: 'loud' };
  const first = await coldStart(env);
  const second = await coldStart(env);
  for (const { error, lines, raw } of [first, second]) {
    expect((error as AuthorizerFailure).code).toBe('ERR_CONFIG');
    expect(lines).toEqual([expect.objectContaining({ outcome: 'error', reason: 'ERR_CONFIG', setting: 'PHANTOM_LOG_LEVEL' })]);
    expect(metricKeys(raw[0])).toEqual([]);
  }
});
