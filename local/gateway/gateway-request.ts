// One incoming HTTP request, read once into the pieces both kinds of Lambda event are built from. Header
// names keep the caller's spelling (API Gateway passes them through as sent).
import { randomUUID, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { pathSegments, type RouteRule } from '../../lambda/shared/routes';

export interface GatewayRequest {
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly method: string;
  /** Percent-decoded path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header name/value pairs in arrival order, names as sent. */
  readonly headerPairs: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** Over mutual TLS: the client certificate the handshake verified, as API Gateway passes it. */
  readonly clientCert?: ClientCertificate;
}

/** API Gateway's `clientCert` shape (REST `identity.clientCert`, HTTP API `authentication.clientCert`). */
export interface ClientCertificate {
  readonly clientCertPem: string;
  readonly subjectDN: string;
  readonly issuerDN: string;
  readonly serialNumber: string;
  readonly validity: { readonly notBefore: string; readonly notAfter: string };
}

/** API Gateway's payload limit for REST APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class PayloadTooLargeError extends Error {}

export async function readGatewayRequest(request: IncomingMessage): Promise<GatewayRequest> {
  const url = new URL(request.url ?? '/', 'http://local');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const headerPairs: Array<readonly [string, string]> = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    headerPairs.push([request.rawHeaders[index], request.rawHeaders[index + 1]]);
  }
  const tls = (request.socket as TLSSocket).encrypted ? (request.socket as TLSSocket) : undefined;
  // API Gateway tells its integrations (and authorizers) the scheme the caller used; the plain local
  // gateway is a loopback convenience no deployed API has, so only the https one says so.
  if (tls) headerPairs.push(['X-Forwarded-Proto', 'https']);
  return {
    requestId: randomUUID(),
    receivedAt: new Date(),
    method: (request.method ?? 'GET').toUpperCase(),
    path: safeDecode(url.pathname),
    query: url.searchParams,
    headerPairs,
    body: Buffer.concat(chunks),
    sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    ...(tls ? { clientCert: clientCertificate(tls) } : {}),
  };
}

function clientCertificate(socket: TLSSocket): ClientCertificate | undefined {
  const raw = socket.getPeerCertificate()?.raw;
  if (!raw || raw.length === 0) return undefined;
  const cert = new X509Certificate(raw);
  return {
    clientCertPem: cert.toString(),
    subjectDN: cert.subject.split('\n').join(','),
    issuerDN: cert.issuer.split('\n').join(','),
    serialNumber: cert.serialNumber,
    validity: { notBefore: cert.validFrom, notAfter: cert.validTo },
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** First value of a header, matched case-insensitively (HTTP header names are case-insensitive). */
export function headerValue(request: GatewayRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return request.headerPairs.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

/** `{id}` and `{proxy+}` values from the concrete path, or null when the resource has none. */
export function pathParameters(route: RouteRule, path: string): Record<string, string> | null {
  const template = pathSegments(route.path);
  const concrete = pathSegments(path);
  const parameters: Record<string, string> = {};
  template.forEach((segment, index) => {
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) parameters[greedy[1]] = concrete.slice(index).join('/');
    else if (segment.startsWith('{')) parameters[segment.slice(1, -1)] = concrete[index];
  });
  return Object.keys(parameters).length > 0 ? parameters : null;
}
