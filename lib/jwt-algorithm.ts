// The closed sets of the authorizer's and validator's settings, as jsii enums. Their values are the
// runtime's own strings (lambda/shared/config.ts); test/lib/jsii/enum-values.test.ts keeps the two equal.

/** A JWT signature algorithm: asymmetric only (an HMAC entry would let a public key act as a shared secret). */
export enum JwtAlgorithm {
  RS256 = 'RS256',
  RS384 = 'RS384',
  RS512 = 'RS512',
  PS256 = 'PS256',
  PS384 = 'PS384',
  PS512 = 'PS512',
  ES256 = 'ES256',
  ES384 = 'ES384',
  ES512 = 'ES512',
  EDDSA = 'EdDSA',
}

/** Level of the decision log. */
export enum LogLevel {
  DEBUG = 'debug',
  INFO = 'info',
  WARN = 'warn',
  ERROR = 'error',
}
