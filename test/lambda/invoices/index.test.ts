// The Lambda entry point reads its configuration from the environment once, at cold start.
import { AUDIENCE, ISSUER, jwksOf, makeKey, mint, phantomClaims, restEvent } from '../validator/token-factory';
import { startJwksServer } from '../validator/jwks-server';

describe('invoices index', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('builds the handler from PHANTOM_* variables', async () => {
    const key = await makeKey('RS256');
    const server = await startJwksServer(jwksOf(key));
    try {
      Object.assign(process.env, { PHANTOM_ISSUER: ISSUER, PHANTOM_AUDIENCE: AUDIENCE, PHANTOM_JWKS_URI: server.url, PHANTOM_LOCAL_MODE: 'true', PHANTOM_LOG_LEVEL: 'error' });
      let handler: typeof import('../../../lambda/invoices/index').handler | undefined;
      jest.isolateModules(() => {
        handler = require('../../../lambda/invoices/index').handler;
      });
      const now = Math.floor(Date.now() / 1000);
      const token = await mint(key, { claims: phantomClaims({ iat: now, exp: now + 60 }) });
      const response = await handler!(restEvent(token));
      expect(response.statusCode).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('fails the cold start naming the missing variable', () => {
    delete process.env.PHANTOM_ISSUER;
    expect(() => jest.isolateModules(() => require('../../../lambda/invoices/index'))).toThrow(/PHANTOM_ISSUER/);
  });
});
