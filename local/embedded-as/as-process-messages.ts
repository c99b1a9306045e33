// The messages between `startEmbeddedAs` (the importer's process) and the process hosting the AS. Plain
// data only: the IPC channel serializes them. Errors travel as their name, message and data, and are
// rebuilt on the other side, so `AsRequestError` and an `EADDRINUSE` code survive the trip.
import { AsRequestError } from './as-request-error';
import type { EmbeddedAsState } from './embedded-as';
import type { AsFault, EmbeddedAs, EmbeddedAsOptions, SecurityEventStream, TokenRequestOptions } from './types';

export type AsRequest =
  | { readonly op: 'start'; readonly options: EmbeddedAsOptions; readonly restore?: EmbeddedAsState }
  | { readonly op: 'getToken'; readonly clientId: string; readonly options?: TokenRequestOptions }
  | { readonly op: 'revoke'; readonly token: string; readonly clientId: string }
  | { readonly op: 'setFault'; readonly fault: AsFault | undefined }
  | { readonly op: 'pushSecurityEventsTo'; readonly stream: SecurityEventStream | undefined }
  | { readonly op: 'securityEventsSettled' }
  /** Answers the AS's state, then the process exits. */
  | { readonly op: 'shutdown' };

/** What `start` answers: the AS's plain-data properties, and the private keys `privateJwkOf` serves. */
export type AsDescription = Omit<
  EmbeddedAs,
  'privateJwkOf' | 'getToken' | 'revoke' | 'setFault' | 'pushSecurityEventsTo' | 'securityEventsSettled' | 'stop' | 'start' | 'calls'
> & {
  readonly privateJwks: Record<string, Record<string, unknown>>;
};

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly endpoint?: string;
  readonly status?: number;
  readonly error?: string;
  readonly description?: string;
}

export type AsMessage =
  | { readonly id: number; readonly ok: true; readonly value?: unknown }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError }
  | { readonly counted: keyof EmbeddedAs['calls'] };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AsRequestError) {
    return { name: error.name, message: error.message, endpoint: error.endpoint, status: error.status, error: error.error, description: error.description };
  }
  const { name = 'Error', message = String(error), code } = (error ?? {}) as { name?: string; message?: string; code?: unknown };
  return { name, message, ...(typeof code === 'string' ? { code } : {}) };
}

export function deserializeError(serialized: SerializedError): Error {
  if (serialized.name === 'AsRequestError' && serialized.endpoint !== undefined && serialized.status !== undefined) {
    return new AsRequestError(serialized.endpoint, serialized.status, serialized.error, serialized.description);
  }
  const error = Object.assign(new Error(serialized.message), serialized.code ? { code: serialized.code } : {});
  error.name = serialized.name;
  return error;
}
