// Where the client credentials come from: Secrets Manager (read once per cold start, re-read when the AS
// refuses them, at most once a minute so a misconfigured client cannot hammer Secrets Manager; requests
// refused with the old secret meanwhile retry with the re-read one instead of reading again), or the
// environment in local mode only (config parsing refuses a plain secret otherwise).
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { AuthorizerConfig } from '../../shared/config';
import { ConfigError, UpstreamError } from '../../shared/errors';
import type { SecretReader } from '../types';
import type { ClientCredentials } from './client-auth';

export const REFRESH_INTERVAL_MS = 60_000;

export class CredentialsSource {
  private current?: Promise<ClientCredentials>;
  private refreshedAt = -Infinity;

  constructor(
    private readonly config: AuthorizerConfig,
    private readonly readSecret: SecretReader,
    private readonly now: () => number,
    private readonly onRefresh: () => void = () => {},
  ) {}

  get(): Promise<ClientCredentials> {
    if (!this.current) this.current = this.load();
    return this.current;
  }

  /**
   * After the AS refused the credentials `used` (what `get()` gave the refused request): true when there
   * are newer ones to retry with, false when there is nothing newer to try. When another request has
   * already re-read the secret since (or is re-reading it), this waits for that read instead of reading
   * again, so every request caught by a rotation retries once with the new secret while Secrets Manager
   * is read at most once per REFRESH_INTERVAL_MS. Without `used`, the refused credentials are the
   * current ones.
   */
  async refresh(used?: Promise<ClientCredentials>): Promise<boolean> {
    if (this.config.clientSecret !== undefined || !this.config.clientSecretArn) return false;
    const current = this.current;
    if (used !== undefined && current !== undefined && current !== used) {
      await current;
      return true;
    }
    if (this.now() - this.refreshedAt < REFRESH_INTERVAL_MS) return false;
    this.refreshedAt = this.now();
    this.onRefresh();
    this.current = this.load();
    await this.current;
    return true;
  }

  private load(): Promise<ClientCredentials> {
    const pending = this.readMaterial().then((material) => parseCredentials(this.config, material));
    // A failed read must not stick for the life of the instance.
    pending.catch(() => {
      if (this.current === pending) this.current = undefined;
    });
    return pending;
  }

  private async readMaterial(): Promise<string> {
    if (this.config.clientSecret !== undefined) return this.config.clientSecret;
    try {
      return await this.readSecret(this.config.clientSecretArn!);
    } catch (error) {
      throw new UpstreamError('ERR_AS_CLIENT_AUTH', 'the client credentials could not be read from Secrets Manager', {
        kind: 'client_auth',
        cause: (error as Error).name,
      });
    }
  }
}

/** A secret string is the client secret itself, or JSON with `client_secret`, or a private JWK/PEM. */
export function parseCredentials(config: AuthorizerConfig, material: string): ClientCredentials {
  const setting = config.clientSecret !== undefined ? 'PHANTOM_CLIENT_SECRET' : 'PHANTOM_CLIENT_SECRET_ARN';
  const trimmed = material.trim();
  let json: Record<string, unknown> | undefined;
  if (trimmed.startsWith('{')) {
    try {
      json = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      throw new ConfigError(setting, 'the secret looks like JSON but does not parse');
    }
  }
  if (config.clientAuthMethod === 'client_secret_basic') {
    const secret = json ? json.client_secret : trimmed;
    if (typeof secret !== 'string' || secret.length === 0) throw new ConfigError(setting, 'the secret holds no client secret');
    return { method: 'client_secret_basic', clientId: config.clientId, secret };
  }
  const { key, alg, kid } = privateKey(setting, json, trimmed);
  return { method: 'private_key_jwt', clientId: config.clientId, key, alg, kid };
}

function privateKey(setting: string, json: Record<string, unknown> | undefined, text: string): { key: KeyObject; alg: string; kid?: string } {
  let key: KeyObject;
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    key = json ? createPrivateKey({ key: json as any, format: 'jwk' }) : createPrivateKey(text);
  } catch {
    throw new ConfigError(setting, 'the secret is not a private JWK or PEM key');
  }
  const alg = typeof json?.alg === 'string' ? json.alg : defaultAlgorithm(key);
  if (!alg) throw new ConfigError(setting, `no signing algorithm for a ${key.asymmetricKeyType} key; add "alg" to the JWK`);
  if (!algorithmFits(alg, key)) {
    throw new ConfigError(setting, `the JWK's "alg" ${alg} cannot sign with a ${keyDescription(key)} key`);
  }
  return { key, alg, kid: typeof json?.kid === 'string' ? json.kid : undefined };
}

const EC_CURVES: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** Whether `alg` (a JWS algorithm) can sign with this key, so a mismatch fails at load, not per request. */
function algorithmFits(alg: string, key: KeyObject): boolean {
  const type = key.asymmetricKeyType;
  if (/^RS(256|384|512)$/.test(alg)) return type === 'rsa';
  if (/^PS(256|384|512)$/.test(alg)) return type === 'rsa' || type === 'rsa-pss';
  if (alg in EC_CURVES) return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === EC_CURVES[alg];
  if (alg === 'EdDSA') return type === 'ed25519' || type === 'ed448';
  if (alg === 'Ed25519') return type === 'ed25519';
  return false;
}

function keyDescription(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve ? `${key.asymmetricKeyType} ${curve}` : String(key.asymmetricKeyType);
}

function defaultAlgorithm(key: KeyObject): string | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'ec':
      return ({ 'prime256v1': 'ES256', 'secp384r1': 'ES384', 'secp521r1': 'ES512' } as Record<string, string>)[key.asymmetricKeyDetails?.namedCurve ?? ''];
    case 'ed25519':
      return 'EdDSA';
    default:
      return undefined;
  }
}
