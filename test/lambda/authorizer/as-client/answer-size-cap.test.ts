// Every AS answer is read with a 256 KiB cap enforced while reading: an AS (or anything answering at its
// address) that streams without end is cut off at the cap and answered as "too large", instead of being
// buffered until the timeout. The cap counts bytes, not characters.
import { postForm } from '../../../../lambda/authorizer/as-client/http';
import { EndpointResolver } from '../../../../lambda/authorizer/as-client/endpoints';
import { MAX_BODY_BYTES, readCapped } from '../../../../lambda/shared/read-capped';
import { testConfig } from '../helpers/config';

const CHUNK = new Uint8Array(64 * 1024).fill(0x61);

/** A fetch whose answer is an endless 200 body; `pulled()` says how many bytes the reader consumed. */
export function endlessFetch(contentType: string): { fetch: typeof fetch; pulled: () => number; cancelled: () => boolean } {
  let bytes = 0;
  let cancelled = false;
  const impl = (async (_input: unknown, init?: RequestInit) => {
    const signal = init?.signal ?? undefined;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (signal?.aborted) {
          controller.error(signal.reason);
          return;
        }
        await new Promise((resolve) => setImmediate(resolve));
        bytes += CHUNK.length;
        controller.enqueue(CHUNK);
      },
      cancel() {
        cancelled = true;
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': contentType } });
  }) as typeof fetch;
  return { fetch: impl, pulled: () => bytes, cancelled: () => cancelled };
}

const LIMIT = 256 * 1024;

describe('AS answer size cap', () => {
  it('is 256 KiB', () => {
    expect(MAX_BODY_BYTES).toBe(LIMIT);
  });

  it('postForm stops reading an AS answer once it passes 256 KiB, cancels it, and reports it as too large (ERR_AS_RESPONSE_INVALID)', async () => {
    const source = endlessFetch('application/jwt');
    const outcome = postForm(source.fetch, { url: 'https://as.example.com/introspect', form: new URLSearchParams(), headers: {} }, 1500).then(
      () => 'resolved',
      (error: { code?: string; detail?: { kind?: string } }) => `${error.code} ${error.detail?.kind}`,
    );
    expect(await outcome).toBe('ERR_AS_RESPONSE_INVALID invalid_response');
    expect(source.pulled()).toBeLessThanOrEqual(LIMIT + 2 * CHUNK.length);
    expect(source.cancelled()).toBe(true);
  });

  it('the metadata read stops past 256 KiB', async () => {
    const source = endlessFetch('application/json');
    const resolver = new EndpointResolver(testConfig({ issuer: 'https://as.example.com', asTimeoutMs: 1500 }), source.fetch);
    const outcome = await resolver.get().then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    expect(outcome).toBe('ERR_AS_RESPONSE_INVALID');
    expect(source.pulled()).toBeLessThanOrEqual(LIMIT + 2 * CHUNK.length);
  });

  it('counts bytes, not UTF-16 units: multi-byte text just under the cap in characters is over it in bytes', async () => {
    const text = 'é'.repeat(LIMIT / 2 + 1); // 2 bytes each
    expect((await readCapped(new Response(text), LIMIT)).tooLarge).toBe(true);
    expect(await readCapped(new Response('é'.repeat(LIMIT / 2)), LIMIT)).toEqual({ tooLarge: false, text: 'é'.repeat(LIMIT / 2) });
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const source = endlessFetch('application/json');
    const response = await source.fetch('https://x');
    const declared = new Response(response.body, { headers: { 'content-length': String(LIMIT + 1) } });
    expect(await readCapped(declared, LIMIT)).toEqual({ tooLarge: true, bytes: LIMIT + 1 });
    expect(source.pulled()).toBeLessThanOrEqual(CHUNK.length);
  });
});
