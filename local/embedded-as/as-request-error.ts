// An OAuth error answer from the embedded AS: its own file, so the importer's side of the process
// boundary can rebuild it without loading the AS's client code.

/** An OAuth error answer, with its status and `error` code (never the request's credentials). */
export class AsRequestError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number,
    readonly error: string | undefined,
    readonly description?: string,
  ) {
    super(`${endpoint} answered ${status}${error ? ` ${error}` : ''}${description ? ` (${description})` : ''}`);
    this.name = 'AsRequestError';
  }
}
