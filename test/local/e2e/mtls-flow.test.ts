// Certificate-bound tokens (RFC 8705) end to end: the embedded AS binds invoices-mtls-client's token to
// the certificate it presented (cnf["x5t#S256"]), the local gateway serves https with client-certificate
// authentication (a demo CA as its truststore), and the authorizer compares the certificate API Gateway
// passes with the binding. Refused: no certificate (the handshake), another certificate from the same CA,
// and the bound token on a plain endpoint (why the construct disables execute-api).
import { X509Certificate } from 'node:crypto';
import { certificateThumbprint } from '../../../lambda/authorizer/sender-constraint/certificate-binding';
import { CLIENT_CERTIFICATE_HEADER } from '../../../local/embedded-as';
import { startLocalStack, type LocalStack } from '../../../local/local-stack';
import { createDemoPki, issueClientCertificate, type CertificateAndKey, type DemoPki } from '../../../local/mtls/demo-pki';
import { startSecondGateway } from './second-gateway';
import { rawCall } from './dpop-client';

const INVOICES = '/invoices/inv-1001';

describe('certificate-bound tokens over mutual TLS', () => {
  let pki: DemoPki;
  let other: CertificateAndKey;
  let stack: LocalStack;
  const lines: Array<Record<string, unknown>> = [];
  const lastReason = () => lines.filter((line) => line.component === 'authorizer').at(-1)?.reason;

  async function certificateBoundToken(cert: CertificateAndKey): Promise<{ token: string }> {
    const response = await fetch(stack.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('invoices-mtls-client:invoices-mtls-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        [CLIENT_CERTIFICATE_HEADER]: encodeURIComponent(cert.cert),
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    return { token };
  }

  beforeAll(async () => {
    pki = await createDemoPki();
    other = await issueClientCertificate(pki, 'someone-else');
    stack = await startLocalStack({
      senderConstrained: true,
      mutualTls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert },
      accessLog: false,
      decisionLog: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
  }, 60_000);
  afterAll(() => stack?.stop());

  const call = (token: string, cert?: CertificateAndKey) =>
    rawCall(`${stack.gatewayUrl}${INVOICES}`, [['Authorization', `Bearer ${token}`]], { tls: { ca: pki.ca.cert, ...(cert ? { cert: cert.cert, key: cert.key } : {}) } });

  it('the gateway serves https; the bound token with its certificate is 200', async () => {
    expect(stack.gatewayUrl).toMatch(/^https:/);
    const { token } = await certificateBoundToken(pki.client);
    const answer = await call(token, pki.client);
    expect(answer.status).toBe(200);
    expect(lastReason()).toBe('OK');
    // The thumbprint the authorizer compares is that of the DER API Gateway passes.
    expect(certificateThumbprint(pki.client.cert)).toHaveLength(43);
    expect(new X509Certificate(pki.client.cert).subject).toContain('invoices-mtls-client');
  });

  it('another certificate from the same CA is 401 ERR_MTLS_CERT_MISMATCH', async () => {
    const { token } = await certificateBoundToken(pki.client);
    const answer = await call(token, other);
    expect(answer.status).toBe(401);
    expect(lastReason()).toBe('ERR_MTLS_CERT_MISMATCH');
  });

  it('no certificate: the TLS handshake refuses the caller before any request', async () => {
    const { token } = await certificateBoundToken(pki.client);
    await expect(call(token)).rejects.toThrow();
  });

  it('the bound token on a plain endpoint (no mutual TLS) is 401 ERR_MTLS_CERT_MISSING', async () => {
    const plainLines: Array<Record<string, unknown>> = [];
    const plain = await startSecondGateway(stack, plainLines);
    try {
      const { token } = await certificateBoundToken(pki.client);
      const answer = await rawCall(`${plain.url}${INVOICES}`, [['Authorization', `Bearer ${token}`]]);
      expect(answer.status).toBe(401);
      expect(plainLines.at(-1)).toMatchObject({ reason: 'ERR_MTLS_CERT_MISSING' });
    } finally {
      await plain.stop();
    }
  });

  it('an unbound token still works over mutual TLS; the certificate-bound one with the DPoP scheme is 401', async () => {
    const response = await fetch(stack.tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('invoices-client:invoices-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: unbound } = (await response.json()) as { access_token: string };
    expect((await call(unbound, pki.client)).status).toBe(200);
    const { token } = await certificateBoundToken(pki.client);
    const asDpop = await rawCall(`${stack.gatewayUrl}${INVOICES}`, [['Authorization', `DPoP ${token}`]], { tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key } });
    expect(asDpop.status).toBe(401);
    expect(lastReason()).toBe('ERR_DPOP_TOKEN_UNBOUND');
  });
});
