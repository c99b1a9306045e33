// The validator settings a protected service writes into its function's environment.
import { JwtAlgorithm } from '../jwt-algorithm';

/** How the service checks the phantom JWT: written into its function's environment. */
export interface ServiceValidatorOptions {
  /** The AS issuer the JWT must come from. */
  readonly issuer: string;
  /** The audience this API requires in `aud`. */
  readonly audience: string;
  /**
   * The AS's JWKS. Required with a `ServiceBackend.fromCode` backend (the built function reads its keys from it).
   * @default - none: the service's code must supply a static JWKS
   */
  readonly jwksUri?: string;
  /**
   * Accepted signature algorithms.
   * @default - the validator's default: RS256, ES256, PS256, EdDSA
   */
  readonly allowedAlgorithms?: JwtAlgorithm[];
  /**
   * Required JOSE `typ` header, e.g. `at+jwt` or `token-introspection+jwt`.
   * @default - not checked
   */
  readonly tokenType?: string;
}
