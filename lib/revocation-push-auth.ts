// Who may call the revocation receiver's RFC 8935 push URL.

/** Who may call the Function URL that takes RFC 8935 pushes. */
export enum RevocationPushAuth {
  /** Anyone: a SET that does not verify against the AS's JWKS changes nothing (most ASes cannot sign requests with SigV4). */
  NONE = 'NONE',
  /** Only SigV4-signed requests of principals granted `lambda:InvokeFunctionUrl`. */
  AWS_IAM = 'AWS_IAM',
}
