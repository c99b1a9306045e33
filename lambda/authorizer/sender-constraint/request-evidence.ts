// What a request offers to prove it holds the token's key or certificate, read from the REST REQUEST and
// HTTP API events (a TOKEN event carries none: API Gateway passes it the Authorization value alone).
import type { APIGatewayRequestAuthorizerEvent, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';

export interface SenderEvidence {
  /** Every `DPoP` header value (HTTP API joins repeated headers with commas: one malformed value). */
  readonly dpop: readonly string[];
  /** The request's own method (also under an ANY route). */
  readonly method: string;
  readonly domainName?: string;
  /** The path as the caller sent it: with the stage on an execute-api host. */
  readonly fullPath: string;
  /** The path under the API (REST `path`, without the stage or base path). */
  readonly apiPath: string;
  /** `X-Forwarded-Proto` (API Gateway sets it; the local gateway too). */
  readonly forwardedProto?: string;
  /** The PEM client certificate API Gateway verified against the truststore. */
  readonly clientCertPem?: string;
}

type Headers = Readonly<Record<string, string | undefined>> | null | undefined;
type MultiHeaders = Readonly<Record<string, readonly string[] | undefined>> | null | undefined;

/** Every value of header `name` (lower case): from the multi-value map when it has any, else the single one. */
function valuesOf(name: string, multi: MultiHeaders, single: Headers): string[] {
  const found: string[] = [];
  // for-in and a length check first: this runs for every bound token's request, over every header.
  if (multi) {
    for (const header in multi) {
      const values = multi[header];
      if (header.length === name.length && values && header.toLowerCase() === name) found.push(...values);
    }
    if (found.length > 0) return found;
  }
  if (single) {
    for (const header in single) {
      const value = single[header];
      if (header.length === name.length && value !== undefined && header.toLowerCase() === name) found.push(value);
    }
  }
  return found;
}

export function restEvidence(event: APIGatewayRequestAuthorizerEvent): SenderEvidence {
  const context = event.requestContext;
  const identity = context?.identity as { clientCert?: { clientCertPem?: string } | null } | undefined;
  return {
    dpop: valuesOf('dpop', event.multiValueHeaders, event.headers),
    method: event.httpMethod ?? context?.httpMethod ?? '',
    domainName: context?.domainName,
    fullPath: context?.path ?? event.path ?? '/',
    apiPath: event.path ?? '/',
    forwardedProto: valuesOf('x-forwarded-proto', event.multiValueHeaders, event.headers)[0],
    clientCertPem: identity?.clientCert?.clientCertPem ?? undefined,
  };
}

export function httpApiEvidence(event: APIGatewayRequestAuthorizerEventV2): SenderEvidence {
  const context = event.requestContext as APIGatewayRequestAuthorizerEventV2['requestContext'] & {
    authentication?: { clientCert?: { clientCertPem?: string } } | null;
  };
  const path = event.rawPath ?? '/';
  return {
    dpop: valuesOf('dpop', undefined, event.headers),
    method: context?.http?.method ?? '',
    domainName: context?.domainName,
    fullPath: path,
    apiPath: path,
    forwardedProto: valuesOf('x-forwarded-proto', undefined, event.headers)[0],
    clientCertPem: context?.authentication?.clientCert?.clientCertPem ?? undefined,
  };
}

/**
 * The URL a proof's `htu` must name: the configured public base URL joined with the API path; else, in
 * local mode, the local gateway's own URL (no stage in its paths); else `https://` + the host and path
 * the caller used.
 */
export function publicRequestUrl(evidence: SenderEvidence, settings: { publicBaseUrl?: string; localMode: boolean }): string {
  if (settings.publicBaseUrl) return settings.publicBaseUrl.replace(/\/+$/, '') + evidence.apiPath;
  if (settings.localMode) return `${evidence.forwardedProto === 'https' ? 'https' : 'http'}://${evidence.domainName}${evidence.apiPath}`;
  return `https://${evidence.domainName}${evidence.fullPath}`;
}
