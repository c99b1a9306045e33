// Fault injection: a real layer in front of the real server, so clients see real slow answers, real
// 500s, real garbage and real wrong content types on the introspection and token endpoints.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AsFault } from './types';

export type Pass = (req: IncomingMessage, res: ServerResponse) => void;

/** Serves one request under `fault`; `onBody` sees the form body of requests the fault answers itself. */
export async function serveWithFault(
  fault: AsFault,
  req: IncomingMessage,
  res: ServerResponse,
  pass: Pass,
  onBody: (body: URLSearchParams) => void,
): Promise<void> {
  switch (fault.kind) {
    case 'slow':
      await sleep(fault.delayMs);
      // A client that gave up while we slept (its timeout) has nothing left to answer.
      if (req.destroyed || res.destroyed) return;
      return pass(req, res);
    case 'wrong-content-type':
      forceContentType(res, 'text/html; charset=utf-8');
      return pass(req, res);
    case 'error-500':
      onBody(await readForm(req));
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'server_error', error_description: 'injected fault' }));
      return;
    case 'garbage-body':
      onBody(await readForm(req));
      // The content type the client asked for, with a body that is none of JSON, a JWT or a form.
      res.writeHead(200, { 'content-type': requestedContentType(req) });
      res.end('\u0000<html>garbage{"active":tru');
      return;
  }
}

function forceContentType(res: ServerResponse, contentType: string): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    res.setHeader('content-type', contentType);
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
}

function requestedContentType(req: IncomingMessage): string {
  const accept = (req.headers.accept ?? '').toLowerCase();
  if (accept.startsWith('application/jwt')) return 'application/jwt';
  if (accept.startsWith('application/token-introspection+jwt')) return 'application/token-introspection+jwt';
  return 'application/json; charset=utf-8';
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
