// A bad environment fails every call with an AuthorizerFailure (503-mapped) naming nothing secret.
import { AuthorizerFailure, handler } from '../../../lambda/authorizer';
import { restRequestEvent } from './helpers/config';

it('fails the cold start with ERR_CONFIG when the environment is invalid', async () => {
  const saved = { ...process.env };
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    process.env.PHANTOM_ISSUER = 'https://as.example.com';
    delete process.env.PHANTOM_CLIENT_ID;
    const error = await handler(restRequestEvent('Bearer tok')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthorizerFailure);
    expect((error as AuthorizerFailure).code).toBe('ERR_CONFIG');
    const line = JSON.parse(String(write.mock.calls[0][0]));
    expect(line).toMatchObject({ level: 'error', msg: 'invalid authorizer configuration' });
  } finally {
    write.mockRestore();
    process.env = saved;
  }
});
