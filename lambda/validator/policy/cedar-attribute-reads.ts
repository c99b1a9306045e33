// Which attributes of principal and resource, and which context entries, a Cedar policy set can read,
// found once at cold start from the policies' text. A decision then passes only those: Cedar's cost per
// call grows with every attribute and context entry it is handed (each is parsed from JSON and evaluated
// before any policy runs), and one it is never asked for cannot change a decision.
// Cedar reads an attribute only by a name written in the policy: `e.name`, `e["name"]`, `e has name`,
// `e has "name"`, `e has a.b` (`.name(...)` is a method call, and tags are not attributes). So a walk over
// the tokens is exact, or it gives up:
//   `principal.x`, `principal["x"]`, `principal has x`   keeps `x` on principal (resource, context alike)
//   a read on anything else (`principal.a.x`, `(if c then principal else resource).x`, `{ k: 1 }.k`,
//   `has a.b`'s later steps)                            keeps that name on all three
//   `context` as a whole value (`context == {...}`)      keeps all of context
//   a string whose escapes it does not know              keeps everything
// A set read only as `principal.groups.contains("admins")` (and `has`) is trimmed to the literals it is
// asked about: for those, membership in the trimmed set is membership in the whole one.
// Done in JavaScript rather than through Cedar's `policyToJson`: that would be one more WASM entry point
// compiled at cold start (tens of milliseconds) to save microseconds per decision.

/** Names to keep per variable; `undefined` keeps all of them. */
export interface CedarAttributeReads {
  readonly principal?: ReadonlySet<string>;
  readonly resource?: ReadonlySet<string>;
  readonly context?: ReadonlySet<string>;
  /** Per variable, the attributes read only by `.contains("literal")`, with the literals asked about. */
  readonly members?: Readonly<Record<Variable, ReadonlyMap<string, ReadonlySet<string>>>>;
}

/** Keep everything: what a policy set that cannot be analysed gets. */
export const ALL_ATTRIBUTES: CedarAttributeReads = {};

type Token = { readonly kind: 'name' | 'string' | 'other'; readonly text: string };
export type Variable = 'principal' | 'resource' | 'context';

class Unanalysable extends Error {}

const TOKEN = /\s+|\/\/[^\n]*|([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"\\]|\\.)*)"|(::|==|!=|<=|>=|&&|\|\||[^\s"])/gy;
const ESCAPE = /\\(?:u\{([0-9a-fA-F]{1,6})\}|x([0-7][0-9a-fA-F])|([nrt0\\'"*]))/g;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', "'": "'", '"': '"', '*': '*' };

/** A Cedar string literal's value. */
function unescaped(literal: string): string {
  const value = literal.replace(ESCAPE, (_match, unicode?: string, hex?: string, simple?: string) =>
    unicode ? String.fromCodePoint(parseInt(unicode, 16)) : hex ? String.fromCharCode(parseInt(hex, 16)) : SIMPLE_ESCAPES[simple!]);
  if (literal.replace(ESCAPE, '').includes('\\')) throw new Unanalysable();
  return value;
}

function tokens(text: string): Token[] {
  const found: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match || TOKEN.lastIndex === start) throw new Unanalysable();
    if (match[1] !== undefined) found.push({ kind: 'name', text: match[1] });
    else if (match[2] !== undefined) found.push({ kind: 'string', text: unescaped(match[2]) });
    else if (match[3] !== undefined) found.push({ kind: 'other', text: match[3] });
  }
  return found;
}

const VARIABLES = new Set(['principal', 'resource', 'context']);
// After these a name is an attribute or a type, not a variable.
const NOT_A_VARIABLE_AFTER = new Set(['.', '::', 'has']);

class Reads {
  readonly byVariable: Record<Variable, Set<string>> = { principal: new Set(), resource: new Set(), context: new Set() };
  readonly anywhere = new Set<string>();
  // `variable.attribute` to the literals `.contains(...)` asks about, or 'any' once it is used otherwise.
  readonly elementUses = new Map<string, Set<string> | 'any'>();
  wholeContext = false;

  policy(list: readonly Token[]): void {
    const variableAt = (i: number): Variable | undefined =>
      list[i]?.kind === 'name' && VARIABLES.has(list[i].text) && !NOT_A_VARIABLE_AFTER.has(list[i - 1]?.text ?? '') ? (list[i].text as Variable) : undefined;
    // `.contains("literal")` right after a read, at `after`: the literal, else undefined.
    const memberLiteral = (after: number): string | undefined =>
      list[after]?.text === '.' && list[after + 1]?.text === 'contains' && list[after + 2]?.text === '(' && list[after + 3]?.kind === 'string' && list[after + 4]?.text === ')'
        ? list[after + 3].text
        : undefined;
    const read = (leftEnd: number, name: string, after?: number) => {
      const variable = variableAt(leftEnd);
      if (!variable) {
        this.anywhere.add(name);
        return;
      }
      this.byVariable[variable].add(name);
      if (after === undefined) return; // `has` looks at no element
      const key = `${variable}.${name}`;
      const literal = memberLiteral(after);
      const uses = this.elementUses.get(key) ?? new Set<string>();
      if (literal === undefined || uses === 'any') this.elementUses.set(key, 'any');
      else this.elementUses.set(key, uses.add(literal));
    };
    list.forEach((token, i) => {
      const next = list[i + 1];
      if (token.text === '.' && next?.kind === 'name' && list[i + 2]?.text !== '(') read(i - 1, next.text, i + 2);
      else if (token.text === '[' && next?.kind === 'string' && list[i + 2]?.text === ']') read(i - 1, next.text, i + 3);
      else if (token.kind === 'name' && token.text === 'has' && list[i - 1]?.text !== '.' && (next?.kind === 'name' || next?.kind === 'string')) read(i - 1, next.text);
      else if (variableAt(i) === 'context' && !['.', '[', 'has'].includes(next?.text ?? '')) this.wholeContext = true;
    });
  }

  result(): CedarAttributeReads {
    const keep = (variable: Variable) => new Set([...this.byVariable[variable], ...this.anywhere]);
    const members = (variable: Variable) => {
      const found = new Map<string, ReadonlySet<string>>();
      if (variable === 'context' && this.wholeContext) return found;
      for (const name of this.byVariable[variable]) {
        const uses = this.elementUses.get(`${variable}.${name}`);
        if (uses instanceof Set && !this.anywhere.has(name)) found.set(name, uses);
      }
      return found;
    };
    return {
      principal: keep('principal'),
      resource: keep('resource'),
      context: this.wholeContext ? undefined : keep('context'),
      members: { principal: members('principal'), resource: members('resource'), context: members('context') },
    };
  }
}

/** The reads of every policy together, or ALL_ATTRIBUTES when any policy cannot be analysed. */
export function cedarAttributeReads(policies: readonly string[]): CedarAttributeReads {
  const reads = new Reads();
  try {
    for (const text of policies) reads.policy(tokens(text));
  } catch (error) {
    if (error instanceof Unanalysable) return ALL_ATTRIBUTES;
    throw error;
  }
  return reads.result();
}
