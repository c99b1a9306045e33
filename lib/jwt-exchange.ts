// How the authorizer turns an opaque token into a JWT. Each way carries its own settings, so a setting
// of one way cannot be given to another (the aws-dynamodb `Billing.onDemand()` shape).

/** The ways an opaque token becomes a JWT. */
export enum ExchangeMode {
  /** RFC 7662 introspection answering `application/jwt`. */
  ACCEPT_JWT = 'accept-jwt',
  /** JSON introspection carrying the JWT in a field. */
  JWT_IN_JSON = 'jwt-in-json',
  /** RFC 9701 signed introspection response. */
  RFC9701 = 'rfc9701',
  /** RFC 8693 token exchange. */
  TOKEN_EXCHANGE = 'token-exchange',
}

/** Settings of `JwtExchange.jwtInJson()`. */
export interface JwtInJsonOptions {
  /**
   * The introspection response field holding the JWT.
   * @default 'jwt'
   */
  readonly jwtField?: string;
}

/** Settings of `JwtExchange.tokenExchange()`. */
export interface TokenExchangeOptions {
  /**
   * The `audience` parameter of the exchange request.
   * @default - none sent
   */
  readonly audience?: string;
  /**
   * The `scope` parameter of the exchange request.
   * @default - none sent
   */
  readonly scope?: string;
}

/** How the authorizer exchanges the client's opaque token for the JWT the services receive. */
export class JwtExchange {
  /** The JOSE `typ` of an RFC 9701 signed introspection response, which the services receive in that mode. */
  public static readonly RFC9701_TOKEN_TYPE = 'token-introspection+jwt';

  /** Introspection (RFC 7662) with `Accept: application/jwt`: the AS answers with the JWT itself. */
  public static acceptJwt(): JwtExchange {
    return new JwtExchange(ExchangeMode.ACCEPT_JWT);
  }

  /** JSON introspection whose answer carries the JWT in one field. */
  public static jwtInJson(options?: JwtInJsonOptions): JwtExchange {
    return new JwtExchange(ExchangeMode.JWT_IN_JSON, options?.jwtField);
  }

  /**
   * RFC 9701 signed introspection: the services receive the signed introspection response, whose `typ`
   * is `token-introspection+jwt`.
   */
  public static signedIntrospection(): JwtExchange {
    return new JwtExchange(ExchangeMode.RFC9701);
  }

  /** RFC 8693 token exchange at the token endpoint. */
  public static tokenExchange(options?: TokenExchangeOptions): JwtExchange {
    return new JwtExchange(ExchangeMode.TOKEN_EXCHANGE, undefined, options?.audience, options?.scope);
  }

  private constructor(
    /** The mode. */
    public readonly mode: ExchangeMode,
    /** `jwtInJson` only: the field holding the JWT (undefined: the default, `jwt`). */
    public readonly jwtField?: string,
    /** `tokenExchange` only: the `audience` parameter. */
    public readonly audience?: string,
    /** `tokenExchange` only: the `scope` parameter. */
    public readonly scope?: string,
  ) {}

  /**
   * The `typ` the services must require of the JWT they receive in this mode, if the mode decides it.
   * @returns `token-introspection+jwt` for RFC 9701, otherwise undefined
   */
  public get servicesTokenType(): string | undefined {
    return this.mode === ExchangeMode.RFC9701 ? JwtExchange.RFC9701_TOKEN_TYPE : undefined;
  }
}
