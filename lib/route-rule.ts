// The route table's types as the construct API declares them (jsii: an enum for the methods, mutable
// arrays). They are structurally the runtime's own (lambda/shared/routes.ts, scope-rules.ts), which the
// constructs pass them to unchanged; test/lib/jsii/enum-values.test.ts keeps the enum and the runtime's list equal.

/** An HTTP method of a route, or `ANY` for every method. */
export enum HttpMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
  HEAD = 'HEAD',
  OPTIONS = 'OPTIONS',
  /** Every method. */
  ANY = 'ANY',
}

/**
 * A coarse scope rule: every `allOf` pattern must be matched, and at least one `anyOf` pattern if given.
 * A pattern is an exact scope (`invoice_read`) or a family with `*` wildcards (`invoice_*`).
 */
export interface ScopeRule {
  /**
   * At least one of these patterns must match a scope of the token.
   * @default - no anyOf condition
   */
  readonly anyOf?: string[];
  /**
   * Every one of these patterns must match a scope of the token.
   * @default - no allOf condition
   */
  readonly allOf?: string[];
}

/** One route behind the gateway and the coarse scope rule the authorizer enforces on it. */
export interface RouteRule {
  /** HTTP method, or `ANY` for every method. */
  readonly method: HttpMethod;
  /** API Gateway resource path: `/invoices`, `/invoices/{id}`, `/files/{proxy+}` (greedy, last segment only). */
  readonly path: string;
  /** The coarse rule the gateway enforces before the request reaches the API. */
  readonly scopes: ScopeRule;
}
