// How the authorizer authenticates to the AS: the method and the secret holding what it needs, chosen
// together so a secret cannot be paired with the wrong method.
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** How the gateway authenticates to the AS. */
export enum ClientAuthMethod {
  /** HTTP Basic with the client secret (RFC 6749 §2.3.1). */
  CLIENT_SECRET_BASIC = 'client_secret_basic',
  /** A JWT signed with the client's private key (RFC 7523). */
  PRIVATE_KEY_JWT = 'private_key_jwt',
}

/** The gateway's credentials at the AS, read from Secrets Manager at cold start; never placed in the template. */
export class ClientCredentials {
  /** `client_secret_basic`: the secret holds the client secret. */
  public static clientSecretBasic(secret: secretsmanager.ISecret): ClientCredentials {
    return new ClientCredentials(ClientAuthMethod.CLIENT_SECRET_BASIC, secret);
  }

  /** `private_key_jwt`: the secret holds the client's private key, as a JWK or PEM. */
  public static privateKeyJwt(secret: secretsmanager.ISecret): ClientCredentials {
    return new ClientCredentials(ClientAuthMethod.PRIVATE_KEY_JWT, secret);
  }

  private constructor(
    /** The authentication method. */
    public readonly method: ClientAuthMethod,
    /** The secret holding the client secret or the private key. */
    public readonly secret: secretsmanager.ISecret,
  ) {}
}
