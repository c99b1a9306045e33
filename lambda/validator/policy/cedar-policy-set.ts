// Cedar policies (and an optional schema) read and checked once, at cold start. An error names the file
// and the line; with a schema every policy is validated against it (strict mode). Policies are keyed by their `@id("...")` annotation, else `<file>#<n>`, and those ids are
// the reasons a decision reports; each policy's annotations are kept (a `@claim` marks a claim rule).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { leadingAnnotations, splitCedarPolicies } from '../../shared/cedar-policy-text';
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

export interface CedarPolicySet {
  /** Policy text by id. */
  readonly policies: Readonly<Record<string, string>>;
  /** Each policy's annotations by id (`@claim("subscriber_id")` gives `{ claim: 'subscriber_id' }`). */
  readonly annotations: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Every policy of every file, keyed by id (no Cedar involved yet); an empty file or a reused id is a ConfigError. */
export function cedarPolicySet(sources: readonly CedarSource[]): CedarPolicySet {
  if (sources.length === 0) throw new ConfigError('policyFiles', 'name at least one Cedar policy file');
  const policies: Record<string, string> = {};
  const annotations: Record<string, Record<string, string>> = {};
  for (const source of sources) {
    const parts = splitCedarPolicies(source.text);
    if (parts.length === 0) throw new ConfigError(source.file, 'holds no Cedar policy');
    parts.forEach(({ text }, index) => {
      const annotated = leadingAnnotations(text);
      const id = annotated.id ?? `${basename(source.file)}#${index}`;
      if (id in policies) throw new ConfigError(source.file, `policy id "${id}" is used twice`);
      policies[id] = text;
      annotations[id] = annotated;
    });
  }
  return { policies, annotations };
}

/**
 * Parses the set into Cedar's own store under `policySetId` (one pass through Cedar's parser), after
 * validating it against the schema when there is one. A problem is a ConfigError naming the file and line:
 * only then is each file parsed again on its own, to find where.
 */
export function preparseCedarPolicySet(cedar: Cedar, policySetId: string, set: CedarPolicySet, sources: readonly CedarSource[], schema?: CedarSource): void {
  if (schema) {
    const parsed = cedar.checkParseSchema(schema.text);
    if (parsed.type === 'failure') throw located(schema, parsed.errors);
    for (const source of sources) {
      const answer = cedar.validate({ schema: schema.text, policies: { staticPolicies: source.text }, validationSettings: { mode: 'strict' } });
      if (answer.type === 'failure') throw located(source, answer.errors);
      if (answer.validationErrors.length > 0) throw located(source, answer.validationErrors.map(({ error }) => error));
    }
  }
  const preparsed = cedar.preparsePolicySet(policySetId, { staticPolicies: { ...set.policies } });
  if (preparsed.type === 'success') return;
  for (const source of sources) {
    const parts = cedar.policySetTextToParts(source.text);
    if (parts.type === 'failure') throw located(source, parts.errors);
    if (parts.policy_templates.length > 0) throw new ConfigError(source.file, 'policy templates are not supported; write static policies');
  }
  throw new ConfigError('policyFiles', `Cedar refused the policy set: ${preparsed.errors[0]?.message ?? 'unknown error'}`);
}
