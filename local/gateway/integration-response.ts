// Turning a Lambda proxy result into the HTTP answer, as API Gateway does: statusCode, headers and
// multiValueHeaders, a text or base64 body. A result that is not of that shape is the caller's 502.
import type { ServerResponse } from 'node:http';
import type { ProxyResult } from './lambda-shapes';

export function proxyResultProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['the result is not an object'];
  const result = value as Partial<ProxyResult>;
  const problems: string[] = [];
  if (!Number.isInteger(result.statusCode) || result.statusCode! < 100 || result.statusCode! > 599) problems.push('statusCode must be an HTTP status');
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') problems.push('body must be a string');
  if (result.headers !== undefined && (typeof result.headers !== 'object' || result.headers === null)) problems.push('headers must be an object');
  if (result.multiValueHeaders !== undefined && (typeof result.multiValueHeaders !== 'object' || result.multiValueHeaders === null)) {
    problems.push('multiValueHeaders must be an object');
  }
  return problems;
}

export function writeProxyResult(response: ServerResponse, result: ProxyResult, requestId: string): number {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const body = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(body.length);
  headers['x-amzn-RequestId'] = requestId;
  response.writeHead(result.statusCode, headers);
  response.end(body);
  return result.statusCode;
}
