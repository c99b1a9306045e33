// `PHANTOM_MTLS=1 npm start`: a fresh demo PKI written where curl can read it, the gateway's TLS settings,
// and the lines that tell the user how to get a certificate-bound token and call the API with it.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_CERTIFICATE_HEADER } from '../embedded-as/wire-names';
import { createDemoPki, writeDemoPki } from './demo-pki';

/** What `npm start` adds when bound tokens are accepted (PHANTOM_SENDER_CONSTRAINED=1 or PHANTOM_MTLS=1). */
export const SENDER_CONSTRAINED_BANNER: readonly string[] = [
  '',
  'Sender-constrained tokens are accepted (the gateway result cache is off). A DPoP-bound token: send a DPoP proof',
  'to the token endpoint, then "Authorization: DPoP <token>" and a fresh DPoP proof on every request',
  '(docs/sender-constrained-tokens.md; any client library, e.g. panva/dpop).',
];

export interface MutualTlsStart {
  readonly gatewayTls: { readonly cert: string; readonly key: string; readonly ca: string };
  readonly directory: string;
  banner(gatewayUrl: string, tokenEndpoint: string): string[];
}

export async function prepareMutualTls(directory = join(tmpdir(), 'cdk-phantom-token-mtls')): Promise<MutualTlsStart> {
  const pki = await createDemoPki();
  const paths = await writeDemoPki(pki, directory);
  return {
    gatewayTls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert },
    directory,
    banner: (gatewayUrl, tokenEndpoint) => [
      '',
      `Mutual TLS: the gateway trusts the demo CA in ${paths.ca}; the demo client certificate is ${paths.clientCert} (key ${paths.clientKey}).`,
      `Every call to the gateway needs it (add --cacert ${paths.ca} --cert ${paths.clientCert} --key ${paths.clientKey} to the curl above).`,
      'A certificate-bound token (the embedded AS reads the certificate from a header, as behind a TLS terminator):',
      `  TOKEN=$(curl -s -u invoices-mtls-client:invoices-mtls-secret -H "${CLIENT_CERTIFICATE_HEADER}: $(node -pe 'encodeURIComponent(require("fs").readFileSync("${paths.clientCert}", "utf8"))')" -d grant_type=client_credentials ${tokenEndpoint} | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')`,
      `  curl -i --cacert ${paths.ca} --cert ${paths.clientCert} --key ${paths.clientKey} -H "Authorization: Bearer $TOKEN" ${gatewayUrl}/invoices/inv-1001`,
    ],
  };
}
