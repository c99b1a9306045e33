// Tier-2 values are encrypted with a key derived from the opaque token itself (HKDF-SHA256 ->
// AES-256-GCM), so a dump of the table is useless without the tokens. The item key is bound in as
// associated data, so a value cannot be moved to another item either.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 1;
const SALT = 'cdk-phantom-token:cache-value:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** HKDF-Expand's first block counter: a 32-byte key is one SHA-256 block, T(1). */
const FIRST_BLOCK = Buffer.from([1]);

/**
 * HKDF-SHA256 (RFC 5869) for a 32-byte key, written as its two HMACs: Extract, PRK = HMAC(salt, token),
 * then Expand's single block, OKM = HMAC(PRK, info || 0x01). The bytes are hkdfSync's (a test holds them
 * equal), at less than half its cost: hkdfSync wraps the token in a KeyObject and runs a crypto job on
 * every call, and this runs on every tier-2 read and write.
 */
function valueKey(token: string, itemKey: string): Buffer {
  const pseudoRandomKey = createHmac('sha256', SALT).update(token).digest();
  return createHmac('sha256', pseudoRandomKey).update(`aes-256-gcm:${itemKey}`).update(FIRST_BLOCK).digest();
}

export function encryptValue(token: string, itemKey: string, plaintext: string): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', valueKey(token, itemKey), iv);
  cipher.setAAD(Buffer.from(itemKey));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, ciphertext, cipher.getAuthTag()]);
}

/** Throws when the value was not written for this token and item (or was tampered with). */
export function decryptValue(token: string, itemKey: string, sealed: Uint8Array): string {
  // A view of the SDK's bytes, not a copy: nothing here writes to them.
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new Error('not a sealed cache value');
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', valueKey(token, itemKey), iv);
  decipher.setAAD(Buffer.from(itemKey));
  decipher.setAuthTag(tag);
  // GCM's final() releases no bytes of its own, it only checks the tag: the text is update()'s, decoded there.
  const text = decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES), undefined, 'utf8');
  return text + decipher.final('utf8');
}
