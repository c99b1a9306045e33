import { DEMO_CLIENTS, JWT_TOKEN_TYPE, startEmbeddedAs } from '../../../local/embedded-as';
import { basicFor, exchange, introspect } from './as-requests';

describe('embedded AS output', () => {
  it('never prints a client secret, private key, token or JWT, whatever happens', async () => {
    const printed: string[] = [];
    const capture = (chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    };
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
        jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))),
      ),
    ];
    const secrets: string[] = DEMO_CLIENTS.flatMap((client) => (client.clientSecret ? [client.clientSecret] : []));
    try {
      const as = await startEmbeddedAs();
      secrets.push(as.gatewayPrivateJwk.d as string);
      const token = await as.getToken('invoices-client');
      secrets.push(token);
      for (const accept of ['application/jwt', 'application/json', 'application/token-introspection+jwt']) {
        const body = await (await introspect(as, token, { accept })).text();
        secrets.push(body);
      }
      await introspect(as, token, { privateKeyJwt: true });
      await introspect(as, token, { authorization: basicFor('gateway-client', 'wrong-secret') });
      const jwt = ((await (await exchange(as, { subjectToken: token })).json()) as { access_token: string }).access_token;
      secrets.push(jwt);
      await exchange(as, { subjectToken: jwt, subjectTokenType: JWT_TOKEN_TYPE, clientId: 'service-client', scope: 'admin' });
      await exchange(as, { subjectToken: 'unknown-token-value-for-the-test', clientId: 'invoices-client' });
      for (const kind of ['error-500', 'garbage-body', 'wrong-content-type'] as const) {
        await as.setFault({ kind });
        await (await introspect(as, token)).text();
      }
      await as.setFault(undefined);
      await as.revoke(token, 'invoices-client');
      await as.stop();
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    const output = printed.join('\n');
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
