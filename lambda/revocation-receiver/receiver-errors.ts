// Why the receiver refused a SET or an operator call: the RFC 8935 `err` codes (section 2.4), each a 400,
// and nothing was changed. The AS's keys being unreachable is not the SET's fault: that is a 503, so the
// transmitter delivers it again.
export const SET_ERROR_CODES = ['invalid_request', 'invalid_key', 'invalid_issuer', 'invalid_audience', 'authentication_failed', 'access_denied'] as const;
export type SetErrorCode = (typeof SET_ERROR_CODES)[number];

export class SetRejected extends Error {
  readonly status = 400 as const;
  constructor(
    readonly err: SetErrorCode,
    readonly description: string,
  ) {
    super(`${err}: ${description}`);
    this.name = 'SetRejected';
  }
}

/** The AS's keys or the table could not be reached: nothing was applied, deliver again. */
export class ReceiverUnavailable extends Error {
  readonly status = 503 as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReceiverUnavailable';
  }
}
