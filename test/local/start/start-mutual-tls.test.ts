import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareMutualTls } from '../../../local/mtls/start-mutual-tls';

describe('prepareMutualTls (PHANTOM_MTLS=1 npm start)', () => {
  it('writes a demo CA and a client certificate it issued, and prints how to use them', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'i18-mtls-'));
    try {
      const start = await prepareMutualTls(directory);
      const ca = new X509Certificate(await readFile(join(directory, 'ca.pem')));
      const client = new X509Certificate(await readFile(join(directory, 'client.pem')));
      expect(client.checkIssued(ca)).toBe(true);
      expect(client.subject).toContain('invoices-mtls-client');
      expect(new X509Certificate(start.gatewayTls.cert).checkIssued(ca)).toBe(true);
      const banner = start.banner('https://127.0.0.1:3000', 'http://127.0.0.1:4000/token').join('\n');
      expect(banner).toContain(`--cert ${join(directory, 'client.pem')} --key ${join(directory, 'client-key.pem')}`);
      expect(banner).toContain('invoices-mtls-client:invoices-mtls-secret');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 30_000);
});
