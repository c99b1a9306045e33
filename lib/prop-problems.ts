// The one place construct props are judged at synth. A construct collects every problem with its props,
// then throws once, so the user sees all of them together, each naming the construct path, the prop and
// the limit (the aws-solutions-constructs habit of reporting every conflict at once).
import { Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { isObject, isOfSimpleKind, wrongKindMessage, type PropKind, type PropKinds } from './prop-kind';

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
  /** For a construct whose props have no value checks: reports the wrong-typed ones and throws if any. */
  static typedOrThrow(scope: IConstruct, props: unknown, kinds: PropKinds): void {
    const problems = new PropProblems(scope);
    problems.typed(props, kinds);
    problems.throwIfAny();
  }

  constructor(
    private readonly scope: IConstruct,
    private readonly prefix = '',
    private readonly problems: string[] = [],
    /** Props whose value has the wrong type: reported once, by `typed`, and by nothing after it. */
    private readonly mistyped: Set<string> = new Set(),
  ) {}

  /** A view that files problems under `prefix` (e.g. `services[0].`), into the same list. */
  prefixed(prefix: string): PropProblems {
    return new PropProblems(this.scope, `${this.prefix}${prefix}`, this.problems, this.mistyped);
  }

  add(prop: string, message: string): void {
    const name = `${this.prefix}${prop}`;
    // A prop with a wrong-typed value, or one inside it (`routes` for `routes[0].scopes.anyOf`), is
    // reported once, by its type.
    for (const mistyped of this.mistyped) {
      if (mistyped === name || mistyped.startsWith(`${name}.`) || mistyped.startsWith(`${name}[`)) return;
    }
    this.problems.push(`${name}: ${message}`);
  }

  /**
   * Reports every prop whose value is not of its kind, and returns a copy of `props` without them, for
   * the value checks to run on safely (they then see the prop as unset, and report nothing more for it).
   */
  typed<T>(props: T, kinds: PropKinds): T {
    if (props === undefined) return {} as T;
    if (!isObject(props)) {
      this.add('props', `must be an object, got ${props === null ? 'null' : typeof props}`);
      return {} as T;
    }
    const checked: Record<string, unknown> = { ...props };
    for (const [prop, kind] of Object.entries(kinds)) checked[prop] = this.checked(prop, checked[prop], kind);
    return checked as T;
  }

  /** The value of `prop` as the value checks should see it: itself, a checked copy, or undefined once reported. */
  private checked(prop: string, value: unknown, given: PropKind): unknown {
    const kind = typeof given === 'object' && 'required' in given ? given.required : given;
    if (value === undefined) {
      if (kind !== given) this.mistype(prop, 'is required');
      return undefined;
    }
    const fine = this.kindOf(prop, value, kind);
    if (fine === WRONG_KIND) this.mistype(prop, wrongKindMessage(kind, value));
    else if (fine === DROPPED) this.mistyped.add(`${this.prefix}${prop}`);
    else return fine;
    return undefined;
  }

  private mistype(prop: string, message: string): void {
    this.add(prop, message);
    this.mistyped.add(`${this.prefix}${prop}`);
  }

  /** The value, checked (objects of `fields` and lists come back as checked copies), WRONG_KIND or DROPPED. */
  private kindOf(prop: string, value: unknown, kind: PropKind): unknown {
    if (typeof kind !== 'object' || 'oneOf' in kind || 'implements' in kind) return isOfSimpleKind(value, kind) ? value : WRONG_KIND;
    if ('required' in kind) return this.kindOf(prop, value, kind.required);
    if ('instanceOf' in kind) {
      if (!(value instanceof kind.instanceOf)) return WRONG_KIND;
      // The instance itself goes on (its class is what the value checks expect), unless a field is wrong.
      const before = this.mistyped.size;
      if (kind.fields) this.prefixed(`${prop}.`).typed(value, kind.fields);
      return this.mistyped.size > before ? DROPPED : value;
    }
    if ('fields' in kind) return isObject(value) ? this.prefixed(`${prop}.`).typed(value, kind.fields) : WRONG_KIND;
    if (!Array.isArray(value)) return WRONG_KIND;
    // A list with a bad entry is dropped whole: the checks of a list (routes) read every entry.
    const before = this.mistyped.size;
    // An entry is never optional: a hole (`[undefined]`) is as wrong as an entry of another kind.
    const items = value.map((item, index) => {
      if (item !== undefined) return this.checked(`${prop}[${index}]`, item, kind.listOf);
      this.mistype(`${prop}[${index}]`, wrongKindMessage(kind.listOf, item));
      return undefined;
    });
    return this.mistyped.size > before ? DROPPED : items;
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

const WRONG_KIND = Symbol('wrong kind');
/** A list or instance with a wrong part, reported already: left out of the value checks, with no message of its own. */
const DROPPED = Symbol('dropped');

/** True unless `value` is a resolved Duration with a fraction of a second (undefined and tokens pass). */
export function isWholeSeconds(value: Duration | undefined): boolean {
  return value === undefined || value.isUnresolved() || Number.isInteger(value.toSeconds({ integral: false }));
}
