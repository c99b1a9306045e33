// What a construct prop must hold at runtime, and how a wrong value is described. TypeScript holds its
// callers to the .d.ts; JavaScript callers (and jsii callers passing an untyped value) are held to this
// by `PropProblems.typed`, so a wrong type is the same named synth error as a wrong value, never a
// TypeError from deep inside. Internal: nothing here is part of the jsii API.
import { Duration } from 'aws-cdk-lib';

export type PropKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'duration'
  | 'strings'
  | 'object'
  /** One of a closed set: the values of an enum (a jsii enum is its values at runtime). */
  | { readonly oneOf: readonly (string | number)[] }
  /**
   * An object implementing `implements` (an interface or class of aws-cdk-lib, duck-typed: jsii hands
   * over proxies for interfaces implemented in other languages): these members must be present, and
   * those written `name()` must be functions.
   */
  | { readonly implements: string; readonly members: readonly string[] }
  /**
   * An instance of one of this library's classes, which only its static factories make (`instanceof`:
   * a look-alike object would bypass the factories that keep the choice exclusive). `fields` are the
   * factories' arguments as stored on the instance; an instance with a wrong one is left out whole.
   */
  | { readonly instanceOf: Function; readonly expected: string; readonly note?: string; readonly fields?: PropKinds }
  | { readonly fields: PropKinds }
  /** An array whose every entry is of this kind. */
  | { readonly listOf: PropKind }
  /** Must be given (for fields of a list entry, which no other check names when missing). */
  | { readonly required: PropKind };

/** The kind of each prop of a props interface (every prop listed, so the compiler notices a new one). */
export type PropKinds = Readonly<Record<string, PropKind>>;

/** A kind for every prop of `T`: the compiler refuses a table that misses one. */
export type KindsOf<T> = { readonly [K in keyof Required<T>]: PropKind };

/** The values of an enum: a numeric enum's object also maps its values back to names, which are not values. */
export function enumKind(enumObject: Record<string, string | number>): PropKind {
  const values = Object.values(enumObject);
  return { oneOf: values.some((value) => typeof value === 'number') ? values.filter((value) => typeof value === 'number') : values };
}

/** Duck-typed rather than `instanceof`: a second copy of aws-cdk-lib in node_modules makes its own Durations. */
export function isDuration(value: unknown): value is Duration {
  const candidate = value as Partial<Duration> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.toSeconds === 'function' && typeof candidate.isUnresolved === 'function';
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` is of `kind`, a kind without parts (not a `fields`, `listOf`, `required` or `instanceOf` kind). */
export function isOfSimpleKind(value: unknown, kind: PropKind): boolean {
  if (typeof kind === 'object') {
    if ('oneOf' in kind) return kind.oneOf.includes(value as string | number);
    if ('implements' in kind) return isObject(value) && kind.members.every((member) => hasMember(value, member));
    throw new Error(`not a simple kind: ${JSON.stringify(kind)}`);
  }
  switch (kind) {
    case 'duration':
      return isDuration(value);
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'object':
      return isObject(value);
    default:
      return typeof value === kind;
  }
}

function hasMember(value: Record<string, unknown>, member: string): boolean {
  return member.endsWith('()') ? typeof value[member.slice(0, -2)] === 'function' : member in value;
}

const EXPECTED: Record<Exclude<PropKind, object>, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  duration: 'a Duration (e.g. Duration.seconds(30))',
  strings: 'an array of strings',
  object: 'an object',
};

/** The message for a value that is not of its kind. */
export function wrongKindMessage(kind: PropKind, value: unknown): string {
  const note = typeof kind === 'object' && 'instanceOf' in kind && kind.note ? `; ${kind.note}` : '';
  return `must be ${expectedOf(kind)}, got ${describeValue(value, kind)}${note}`;
}

function expectedOf(kind: PropKind): string {
  if (typeof kind !== 'object') return EXPECTED[kind];
  if ('required' in kind) return expectedOf(kind.required);
  if ('oneOf' in kind) return `one of ${kind.oneOf.join(', ')}`;
  if ('implements' in kind) return `${/^[AEIOU]/.test(kind.implements) ? 'an' : 'a'} ${kind.implements}`;
  if ('instanceOf' in kind) return kind.expected;
  return 'fields' in kind ? 'an object' : 'an array of objects';
}

/**
 * What a wrong value is, for the message. A string's content is never echoed (it may be a secret given
 * in the wrong place), except where a closed set was expected: there it is a setting's name.
 */
function describeValue(value: unknown, kind: PropKind): string {
  if (value === null || value === undefined) return `${value}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'string') return typeof kind === 'object' && 'oneOf' in kind ? JSON.stringify(value) : 'a string';
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}
