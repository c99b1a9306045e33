// The one place construct props are judged at synth. A construct collects every problem with its props,
// then throws once, so the user sees all of them together, each naming the construct path, the prop and
// the limit (the aws-solutions-constructs habit of reporting every conflict at once).
import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Thrown at synth when a construct's props are wrong; `problems` lists every one. */
export class PhantomTokenPropsError extends Error {
  constructor(
    /** The construct path, e.g. `Stack/Gateway/Authorizer`. */
    readonly constructPath: string,
    /** One line per problem: `<prop>: <what is wrong and the limit>`. */
    readonly problems: readonly string[],
  ) {
    super(`${constructPath}: invalid props:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'PhantomTokenPropsError';
  }
}

/** Collects problems for one construct; `throwIfAny` reports them all. */
export class PropProblems {
  constructor(
    private readonly scope: IConstruct,
    private readonly prefix = '',
    private readonly problems: string[] = [],
  ) {}

  /** A view that files problems under `prefix` (e.g. `services[0].`), into the same list. */
  prefixed(prefix: string): PropProblems {
    return new PropProblems(this.scope, `${this.prefix}${prefix}`, this.problems);
  }

  add(prop: string, message: string): void {
    this.problems.push(`${this.prefix}${prop}: ${message}`);
  }

  /** Adds each message (e.g. from a shared validation function) under the prop's name. */
  addAll(prop: string, messages: readonly string[]): void {
    for (const message of messages) this.add(prop, message);
  }

  /** Seconds of `value` bounded to [min, max]; unresolved tokens are not judged. */
  durationWithin(prop: string, value: Duration | undefined, min: number, max: number): void {
    if (value === undefined || value.isUnresolved()) return;
    const seconds = value.toSeconds({ integral: false });
    if (seconds < min || seconds > max) this.add(prop, `must be between ${min} and ${max} seconds, got ${seconds}`);
  }

  /**
   * Like `durationWithin`, for a Duration that becomes whole seconds (an environment variable, a Lambda
   * timeout, an API Gateway TTL): CDK's own conversion of `Duration.millis(1500)` throws an error that
   * names no prop, so a fractional value is refused here, under its name.
   */
  wholeSecondsWithin(prop: string, value: Duration | undefined, min: number, max: number): void {
    if (value === undefined || value.isUnresolved()) return;
    if (!isWholeSeconds(value)) {
      this.add(prop, `must be a whole number of seconds, got ${value.toSeconds({ integral: false })} (${value.toString()})`);
      return;
    }
    this.durationWithin(prop, value, min, max);
  }

  /** A whole number bounded to [min, max]. */
  integerWithin(prop: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.add(prop, `must be a whole number between ${min} and ${max}, got ${value}`);
    }
  }

  /** At most one of the named props may be set. */
  exclusive(props: Record<string, unknown>): void {
    const given = Object.entries(props).filter(([, value]) => value !== undefined).map(([name]) => name);
    if (given.length > 1) this.add(given.join(', '), `conflict: give only one of ${Object.keys(props).join(', ')}`);
  }

  get count(): number {
    return this.problems.length;
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new PhantomTokenPropsError(this.scope.node.path, [...this.problems]);
  }
}

/** True unless `value` is a resolved Duration with a fraction of a second (undefined and tokens pass). */
export function isWholeSeconds(value: Duration | undefined): boolean {
  return value === undefined || value.isUnresolved() || Number.isInteger(value.toSeconds({ integral: false }));
}
