// RFC 8705 §3: a certificate-bound token carries `cnf["x5t#S256"]`, the base64url SHA-256 of the client
// certificate's DER. API Gateway passes the certificate it verified against the truststore as PEM (REST:
// requestContext.identity.clientCert.clientCertPem, HTTP API: requestContext.authentication.clientCert).
import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';
import { TokenError } from '../../shared/errors';

/** `x5t#S256` of a PEM certificate; throws ERR_MTLS_CERT_MALFORMED when it does not parse. */
export function certificateThumbprint(pem: string): string {
  let der: Buffer;
  try {
    der = new X509Certificate(pem).raw;
  } catch {
    throw new TokenError('ERR_MTLS_CERT_MALFORMED', 'the client certificate does not parse');
  }
  return createHash('sha256').update(der).digest('base64url');
}

/** Throws unless the request came over mutual TLS with the certificate the token is bound to. */
export function checkCertificateBinding(clientCertPem: string | undefined, x5tS256: string): void {
  if (!clientCertPem) throw new TokenError('ERR_MTLS_CERT_MISSING', 'the token is certificate-bound and the request carries no client certificate');
  const presented = Buffer.from(certificateThumbprint(clientCertPem));
  const bound = Buffer.from(x5tS256);
  if (presented.length !== bound.length || !timingSafeEqual(presented, bound)) {
    throw new TokenError('ERR_MTLS_CERT_MISMATCH', 'the client certificate is not the one the token is bound to');
  }
}
