// A throwaway PKI for local mutual TLS: a demo CA, a server certificate for the loopback gateway and
// client certificates, all signed by that CA. API Gateway's truststore would hold the CA; here the local
// gateway trusts it. Keys come from node:crypto (RSA 2048), certificates from node-forge (an optional
// peer, loaded only when mutual TLS is asked for).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CertificateAndKey {
  /** PEM certificate. */
  readonly cert: string;
  /** PEM private key. */
  readonly key: string;
}

export interface DemoPki {
  readonly ca: CertificateAndKey;
  readonly server: CertificateAndKey;
  /** The demo client's certificate (CN=invoices-mtls-client). */
  readonly client: CertificateAndKey;
}

const DAY_MS = 86_400_000;

type Forge = typeof import('node-forge');

function rsaKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

interface Issue {
  readonly commonName: string;
  readonly usage: 'ca' | 'server' | 'client';
  /** The issuer; absent: self-signed. */
  readonly issuer?: CertificateAndKey;
}

function issue(forge: Forge, request: Issue): CertificateAndKey {
  const { pki } = forge;
  const keys = rsaKeys();
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(keys.publicPem);
  // Positive, 16 bytes: RFC 5280 §4.1.2.2.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + 30 * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: request.commonName }]);
  const issuerCert = request.issuer ? pki.certificateFromPem(request.issuer.cert) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: request.usage === 'ca', critical: true },
    request.usage === 'ca' ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true } : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    ...(request.usage === 'server' ? [{ name: 'extKeyUsage', serverAuth: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }] : []),
    ...(request.usage === 'client' ? [{ name: 'extKeyUsage', clientAuth: true }] : []),
  ]);
  const signingKey = pki.privateKeyFromPem(request.issuer ? request.issuer.key : keys.privatePem);
  cert.sign(signingKey, forge.md.sha256.create());
  return { cert: pki.certificateToPem(cert), key: keys.privatePem };
}

async function loadForge(): Promise<Forge> {
  const loaded = (await import('node-forge')) as Forge & { default?: Forge };
  return loaded.default ?? loaded;
}

export async function createDemoPki(): Promise<DemoPki> {
  const forge = await loadForge();
  const ca = issue(forge, { commonName: 'cdk-phantom-token local demo CA', usage: 'ca' });
  return {
    ca,
    server: issue(forge, { commonName: '127.0.0.1', usage: 'server', issuer: ca }),
    client: issue(forge, { commonName: 'invoices-mtls-client', usage: 'client', issuer: ca }),
  };
}

/** Another client certificate from the same CA: another holder, whose tokens are not the demo client's. */
export async function issueClientCertificate(pki: DemoPki, commonName: string): Promise<CertificateAndKey> {
  return issue(await loadForge(), { commonName, usage: 'client', issuer: pki.ca });
}

/** Writes ca.pem, client.pem and client-key.pem (for curl) into `directory`; returns their paths. */
export async function writeDemoPki(pki: DemoPki, directory: string): Promise<{ ca: string; clientCert: string; clientKey: string }> {
  await mkdir(directory, { recursive: true });
  const paths = { ca: join(directory, 'ca.pem'), clientCert: join(directory, 'client.pem'), clientKey: join(directory, 'client-key.pem') };
  await writeFile(paths.ca, pki.ca.cert);
  await writeFile(paths.clientCert, pki.client.cert);
  await writeFile(paths.clientKey, pki.client.key, { mode: 0o600 });
  return paths;
}
