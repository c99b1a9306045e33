// Reads an HTTP answer's body with a byte cap enforced while reading: chunk by chunk, counting bytes (not
// UTF-16 units), and cancelling the stream (which ends the request) as soon as the cap is passed, so an
// endpoint that streams without end cannot make the Lambda buffer it until the timeout. The request's
// own timeout still applies: its signal errors the stream, and read() rejects with it.

/** An AS answer (token, metadata, JWKS) is a few KiB; anything past this is not one. */
export const MAX_BODY_BYTES = 256 * 1024;

export type CappedBody = { readonly tooLarge: false; readonly text: string } | { readonly tooLarge: true; readonly bytes: number };

export async function readCapped(response: Response, maxBytes: number = MAX_BODY_BYTES): Promise<CappedBody> {
  const body = response.body;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await body?.cancel().catch(() => undefined);
    return { tooLarge: true, bytes: declared };
  }
  if (!body) return { tooLarge: false, text: '' };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      // Not awaited for long: cancelling tells the source (undici: the connection) to stop.
      await reader.cancel().catch(() => undefined);
      return { tooLarge: true, bytes };
    }
    chunks.push(value);
  }
  return { tooLarge: false, text: Buffer.concat(chunks).toString('utf8') };
}
