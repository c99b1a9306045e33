import { createConnection } from 'node:net';
import { startEmbeddedAs, type EmbeddedAs } from '../../../local/embedded-as';
import { FORM, basicFor, exchange, introspect, sleep } from './as-requests';

describe('embedded AS fault injection', () => {
  let as: EmbeddedAs;
  let token: string;
  beforeAll(async () => {
    as = await startEmbeddedAs();
    token = await as.getToken('invoices-client');
  });
  afterEach(() => as.setFault(undefined));
  afterAll(() => as.stop());

  it('slow: answers correctly, but only after the delay', async () => {
    await as.setFault({ kind: 'slow', delayMs: 400 });
    const started = Date.now();
    const response = await introspect(as, token, { accept: 'application/jwt' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jwt');
  });

  it('slow: a client timeout really fires, and the abandoned request is dropped quietly', async () => {
    const warn = jest.spyOn(console, 'warn');
    try {
      await as.setFault({ kind: 'slow', delayMs: 400 });
      const request = fetch(as.introspectionEndpoint, {
        method: 'POST',
        headers: { 'content-type': FORM, authorization: basicFor('gateway-client') },
        body: new URLSearchParams({ token }),
        signal: AbortSignal.timeout(100),
      });
      await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });
      await sleep(600);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('error-500: introspection and token requests fail with 500', async () => {
    await as.setFault({ kind: 'error-500' });
    const introspection = await introspect(as, token, { accept: 'application/jwt' });
    expect(introspection.status).toBe(500);
    await expect(as.getToken('invoices-client')).rejects.toMatchObject({ status: 500, error: 'server_error' });
    expect((await exchange(as, { subjectToken: token })).status).toBe(500);
  });

  it('garbage-body: 200 with the requested content type and an unparseable body', async () => {
    await as.setFault({ kind: 'garbage-body' });
    const jwtAnswer = await introspect(as, token, { accept: 'application/jwt' });
    expect(jwtAnswer.status).toBe(200);
    expect(jwtAnswer.headers.get('content-type')).toBe('application/jwt');
    expect((await jwtAnswer.text()).split('.')).not.toHaveLength(3);
    const jsonAnswer = await introspect(as, token);
    expect(jsonAnswer.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(jsonAnswer.json()).rejects.toMatchObject({ name: 'SyntaxError' });
  });

  it('wrong-content-type: the real answer, labelled text/html', async () => {
    await as.setFault({ kind: 'wrong-content-type' });
    const response = await introspect(as, token, { accept: 'application/jwt' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await response.text()).split('.')).toHaveLength(3);
  });

  it('leaves discovery and JWKS alone, and clears with setFault(undefined)', async () => {
    await as.setFault({ kind: 'error-500' });
    expect((await fetch(as.jwksUri)).status).toBe(200);
    expect((await fetch(`${as.issuer}/.well-known/openid-configuration`)).status).toBe(200);
    await as.setFault(undefined);
    expect((await introspect(as, token, { accept: 'application/jwt' })).status).toBe(200);
  });
});

describe('embedded AS call counters', () => {
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs();
  });
  afterAll(() => as.stop());

  it('counts every introspection request received, concurrent or faulted', async () => {
    const token = await as.getToken('invoices-client');
    const before = as.calls.introspection;
    await Promise.all(Array.from({ length: 5 }, () => introspect(as, token, { accept: 'application/jwt' })));
    expect(as.calls.introspection).toBe(before + 5);
    await as.setFault({ kind: 'error-500' });
    await introspect(as, token);
    await as.setFault(undefined);
    expect(as.calls.introspection).toBe(before + 6);
  });

  it('counts token exchanges, not other token requests', async () => {
    const token = await as.getToken('invoices-client');
    const before = { ...as.calls };
    await exchange(as, { subjectToken: token });
    await as.getToken('streaming-client');
    await as.setFault({ kind: 'garbage-body' });
    await exchange(as, { subjectToken: token });
    await as.setFault(undefined);
    expect(as.calls).toEqual({ introspection: before.introspection, tokenExchange: before.tokenExchange + 2 });
  });
});

describe('embedded AS stop and start', () => {
  it('really closes the port, then serves again on the same port with its tokens intact', async () => {
    const as = await startEmbeddedAs();
    try {
      const token = await as.getToken('invoices-client');
      const keptAlive = await introspect(as, token);
      expect(keptAlive.status).toBe(200);
      await keptAlive.arrayBuffer();

      await as.stop();
      await expect(connect(as.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await as.stop();

      await as.start();
      await as.start();
      expect(as.issuer).toBe(`http://127.0.0.1:${as.port}`);
      // The first request after a restart works: the client's pooled connection was seen to close.
      expect(await (await introspect(as, token)).json()).toMatchObject({ active: true, client_id: 'invoices-client' });
    } finally {
      await as.stop();
    }
  });

  it('refuses fetch requests while stopped, even from a client that had a connection open', async () => {
    const as = await startEmbeddedAs();
    await (await fetch(as.jwksUri)).arrayBuffer();
    await as.stop();
    const refused = (await fetch(as.jwksUri).catch((error: unknown) => error)) as Error & { cause?: { code?: string } };
    expect(refused.message).toBe('fetch failed');
    expect(refused.cause?.code).toBe('ECONNREFUSED');
  });

  it('listens on a requested fixed port (taken from a free ephemeral one)', async () => {
    const probe = await startEmbeddedAs();
    const port = probe.port;
    await probe.stop();
    const as = await startEmbeddedAs({ port });
    try {
      expect(as.issuer).toBe(`http://127.0.0.1:${port}`);
      await expect(startEmbeddedAs({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await as.stop();
    }
  });
});

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
