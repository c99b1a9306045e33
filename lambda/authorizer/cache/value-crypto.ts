// Tier-2 values are encrypted with a key derived from the opaque token itself (HKDF-SHA256 ->
// AES-256-GCM), so a dump of the table is useless without the tokens. The item key is bound in as
// associated data, so a value cannot be moved to another item either.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const SALT = 'cdk-phantom-token:cache-value:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function valueKey(token: string, itemKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, SALT, `aes-256-gcm:${itemKey}`, 32));
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
  const bytes = Buffer.from(sealed);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new Error('not a sealed cache value');
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', valueKey(token, itemKey), iv);
  decipher.setAAD(Buffer.from(itemKey));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}
