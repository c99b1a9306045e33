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

/**
 * What a prop must hold at runtime. TypeScript holds its callers to the .d.ts; JavaScript callers are
 * held to this, so a wrong type is the same named synth error as a wrong value (never a TypeError from
 * deep inside). `any` is a prop whose own check already accepts anything.
 */
export type PropKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'duration'
  | 'strings'
  | 'object'
  | 'any'
  /** An object implementing `name` (an interface or class of aws-cdk-lib): these members must be present. */
  | { readonly implements: string; readonly members: readonly string[] }
  | { readonly fields: PropKinds }
  | { readonly listOf: PropKinds }
  | { readonly booleanOr: PropKinds }
  /** Must be given (for fields of a list entry, which no other check names when missing). */
  | { readonly required: PropKind };

/** The kind of each prop of a props interface (every prop listed, so the compiler notices a new one). */
export type PropKinds = Readonly<Record<string, PropKind>>;

const EXPECTED: Record<Exclude<PropKind, object>, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  duration: 'a Duration (e.g. Duration.seconds(30))',
  strings: 'an array of strings',
  object: 'an object',
  any: 'anything',
};

/** Duck-typed rather than `instanceof`: a second copy of aws-cdk-lib in node_modules makes its own Durations. */
function isDuration(value: unknown): value is Duration {
  const candidate = value as Partial<Duration> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.toSeconds === 'function' && typeof candidate.isUnresolved === 'function';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a wrong value is, for the message; a string's content is never echoed (it may be a secret). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'string') return 'a string';
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

/** Collects problems for one construct; `throwIfAny` reports them all. */
export class PropProblems {
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
    if (props === undefined) return props;
    if (!isObject(props)) {
      this.add('props', `must be an object, got ${describeValue(props)}`);
      return {} as T;
    }
    const checked: Record<string, unknown> = { ...props };
    for (const [prop, given] of Object.entries(kinds)) {
      const value = checked[prop];
      const kind = typeof given === 'object' && 'required' in given ? given.required : given;
      if (value === undefined && kind !== given) this.mistype(prop, 'is required');
      if (value === undefined) continue;
      const fine = this.kindOf(prop, value, kind);
      if (fine === WRONG_KIND) {
        this.mistype(prop, `must be ${expectedOf(kind)}, got ${describeValue(value)}`);
        checked[prop] = undefined;
      } else if (fine === DROPPED) {
        this.mistyped.add(`${this.prefix}${prop}`);
        checked[prop] = undefined;
      } else {
        checked[prop] = fine;
      }
    }
    return checked as T;
  }

  private mistype(prop: string, message: string): void {
    this.add(prop, message);
    this.mistyped.add(`${this.prefix}${prop}`);
  }

  /** The value, checked (nested objects and lists come back as checked copies), or WRONG_KIND. */
  private kindOf(prop: string, value: unknown, kind: PropKind): unknown {
    if (typeof kind === 'object') {
      if ('required' in kind) return this.kindOf(prop, value, kind.required);
      if ('implements' in kind) return isObject(value) && kind.members.every((member) => member in value) ? value : WRONG_KIND;
      if ('booleanOr' in kind) return typeof value === 'boolean' ? value : isObject(value) ? this.prefixed(`${prop}.`).typed(value, kind.booleanOr) : WRONG_KIND;
      if ('fields' in kind) return isObject(value) ? this.prefixed(`${prop}.`).typed(value, kind.fields) : WRONG_KIND;
      if (!Array.isArray(value) || !value.every(isObject)) return WRONG_KIND;
      // A list with a bad entry is dropped whole: the checks of a list (routes) read every entry.
      const before = this.mistyped.size;
      const items = value.map((item, index) => this.prefixed(`${prop}[${index}].`).typed(item, kind.listOf));
      return this.mistyped.size > before ? DROPPED : items;
    }
    switch (kind) {
      case 'any':
        return value;
      case 'duration':
        return isDuration(value) ? value : WRONG_KIND;
      case 'strings':
        return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : WRONG_KIND;
      case 'object':
        return isObject(value) ? value : WRONG_KIND;
      default:
        return typeof value === kind ? value : WRONG_KIND;
    }
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
/** A list whose entries were reported already: it is left out of the value checks, with no message of its own. */
const DROPPED = Symbol('dropped');

function expectedOf(kind: PropKind): string {
  if (typeof kind !== 'object') return EXPECTED[kind];
  if ('required' in kind) return expectedOf(kind.required);
  if ('implements' in kind) return `${/^[AEIOU]/.test(kind.implements) ? 'an' : 'a'} ${kind.implements}`;
  if ('booleanOr' in kind) return 'true, false or an object';
  return 'fields' in kind ? 'an object' : 'an array of objects';
}

/** True unless `value` is a resolved Duration with a fraction of a second (undefined and tokens pass). */
export function isWholeSeconds(value: Duration | undefined): boolean {
  return value === undefined || value.isUnresolved() || Number.isInteger(value.toSeconds({ integral: false }));
}
