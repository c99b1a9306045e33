// Cedar policies (and an optional schema) read and checked once, at cold start. Each file is parsed on its
// own, so an error names the file and the line; with a schema every policy is validated against it
// (strict mode). Policies are keyed by their `@id("...")` annotation, else `<file>#<n>`, and those ids are
// the reasons a decision reports; each policy's annotations are kept (a `@claim` marks a claim rule).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from '../../shared/errors';
import type { Cedar } from './cedar-module';

/** Policy or schema text, with the name errors use for it (a file path, or any label). */
export interface CedarSource {
  readonly file: string;
  readonly text: string;
}

interface Located {
  readonly message: string;
  readonly help?: string | null;
  readonly sourceLocations?: readonly { readonly start: number }[];
}

export function readCedarSource(file: string): CedarSource {
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (error) {
    throw new ConfigError(file, `cannot read the Cedar file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** The 1-based line of a byte offset (Cedar reports UTF-8 byte offsets). */
function lineAt(text: string, byteOffset: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').split('\n').length;
}

function located(source: CedarSource, errors: readonly Located[]): ConfigError {
  const first = errors[0];
  const start = first?.sourceLocations?.[0]?.start;
  const where = start === undefined ? '' : `line ${lineAt(source.text, start)}: `;
  const help = first?.help ? ` (${first.help})` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new ConfigError(source.file, `${where}${first?.message ?? 'invalid Cedar'}${help}${more}`);
}

const ANNOTATION = /^\s*(?:\/\/[^\n]*\n\s*)*@([A-Za-z_][A-Za-z0-9_]*)(?:\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\))?/;

/**
 * The annotations in front of one policy (Cedar has already parsed it, so they are well formed). Read here
 * rather than through Cedar's policyToJson, whose first call compiles tens of milliseconds of WASM at
 * cold start for nothing else.
 */
function leadingAnnotations(policy: string): Record<string, string> {
  const annotations: Record<string, string> = {};
  let rest = policy;
  for (let match = ANNOTATION.exec(rest); match; match = ANNOTATION.exec(rest)) {
    annotations[match[1]] = JSON.parse(`"${match[2] ?? ''}"`) as string;
    rest = rest.slice(match[0].length);
  }
  return annotations;
}

export interface CedarPolicySet {
  /** Policy text by id. */
  readonly policies: Readonly<Record<string, string>>;
  /** Each policy's annotations by id (`@claim("subscriber_id")` gives `{ claim: 'subscriber_id' }`). */
  readonly annotations: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Every policy of every file, keyed by id; throws a ConfigError naming the file and line of the first problem. */
export function loadCedarPolicySet(cedar: Cedar, policies: readonly CedarSource[], schema?: CedarSource): CedarPolicySet {
  if (policies.length === 0) throw new ConfigError('policyFiles', 'name at least one Cedar policy file');
  if (schema) {
    const parsed = cedar.checkParseSchema(schema.text);
    if (parsed.type === 'failure') throw located(schema, parsed.errors);
  }
  const set: Record<string, string> = {};
  const annotations: Record<string, Record<string, string>> = {};
  for (const source of policies) {
    const parts = cedar.policySetTextToParts(source.text);
    if (parts.type === 'failure') throw located(source, parts.errors);
    if (parts.policy_templates.length > 0) throw new ConfigError(source.file, 'policy templates are not supported; write static policies');
    if (parts.policies.length === 0) throw new ConfigError(source.file, 'holds no Cedar policy');
    if (schema) {
      const answer = cedar.validate({ schema: schema.text, policies: { staticPolicies: source.text }, validationSettings: { mode: 'strict' } });
      if (answer.type === 'failure') throw located(source, answer.errors);
      if (answer.validationErrors.length > 0) throw located(source, answer.validationErrors.map(({ error }) => error));
    }
    parts.policies.forEach((text, index) => {
      const annotated = leadingAnnotations(text);
      const id = annotated.id ?? `${basename(source.file)}#${index}`;
      if (id in set) throw new ConfigError(source.file, `policy id "${id}" is used twice`);
      set[id] = text;
      annotations[id] = annotated;
    });
  }
  return { policies: set, annotations };
}
