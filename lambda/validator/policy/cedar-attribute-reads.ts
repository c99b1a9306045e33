// Which attributes of principal and resource, and which context entries, a Cedar policy set can read,
// found once at cold start from the policies' JSON form (Cedar's `policyToJson`). A decision then passes
// only those: Cedar's cost per call grows with every attribute and context entry it is handed (each one is
// parsed from JSON and evaluated before any policy runs), and one it is never asked for cannot change a
// decision. The analysis is exact or it gives up:
//   `principal.x`, `principal has x` (also `has x.y.z`, `principal["x"]`)  keeps `x` on principal
//   `.x` / `has x` on any other expression (`(if c then principal else resource).x`, `principal.a.x`)
//                                                                         keeps `x` on all three
//   `context` used as a whole value (`context == {...}`, `{ c: context }`) keeps all of context
//   an expression this walk does not know                                  keeps everything
// Entity equality, `in`, `is` and tags never read attributes; the action entity is never passed.
import type { Cedar } from './cedar-module';

/** Names to keep per variable; `undefined` keeps all of them. */
export interface CedarAttributeReads {
  readonly principal?: ReadonlySet<string>;
  readonly resource?: ReadonlySet<string>;
  readonly context?: ReadonlySet<string>;
}

/** Keep everything: what an unanalysable policy set gets. */
export const ALL_ATTRIBUTES: CedarAttributeReads = {};

type Expr = Readonly<Record<string, unknown>>;
type Variable = 'principal' | 'resource' | 'context';

// Operators whose operands are expressions under `left`/`right`/`arg`/`if`/`then`/`else`/`in`.
const OPERAND_KEYS = ['left', 'right', 'arg', 'if', 'then', 'else', 'in'];
const OPERATORS = new Set([
  '!', 'neg', '==', '!=', 'in', '<', '<=', '>', '>=', '&&', '||', '+', '-', '*', 'contains', 'containsAll', 'containsAny',
  'isEmpty', 'getTag', 'hasTag', 'like', 'is', 'if-then-else',
]);

class Unanalysable extends Error {}

class Reads {
  readonly byVariable: Record<Variable, Set<string>> = { principal: new Set(), resource: new Set(), context: new Set() };
  readonly anywhere = new Set<string>();
  wholeContext = false;

  visit(node: unknown): void {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new Unanalysable();
    const entries = Object.entries(node as Expr);
    if (entries.length !== 1) throw new Unanalysable();
    const [[key, body]] = entries;
    if (key === 'Value' || key === 'Slot') return;
    if (key === 'Var') {
      // Reached only where a variable is a value on its own, not the left of `.` or `has`.
      if (body === 'context') this.wholeContext = true;
      return;
    }
    if (key === '.' || key === 'has') return this.attribute(body as Expr);
    if (key === 'Set') return this.visitAll(body);
    if (key === 'Record') return this.visitAll(typeof body === 'object' && body !== null ? Object.values(body) : undefined);
    if (OPERATORS.has(key)) {
      if (typeof body !== 'object' || body === null) throw new Unanalysable();
      for (const operand of OPERAND_KEYS) if (operand in body) this.visit((body as Expr)[operand]);
      return;
    }
    // Anything else is an extension function call (`ip(...)`, `.isInRange(...)`): its arguments, a list.
    this.visitAll(body);
  }

  private visitAll(nodes: unknown): void {
    if (!Array.isArray(nodes)) throw new Unanalysable();
    for (const node of nodes) this.visit(node);
  }

  private attribute({ left, attr }: Expr): void {
    // `has a.b.c` tests a path; only its first step is an attribute of `left`.
    const first = Array.isArray(attr) ? attr[0] : attr;
    if (typeof first !== 'string') throw new Unanalysable();
    const variable = (left as Expr | undefined)?.Var;
    if (variable === 'principal' || variable === 'resource' || variable === 'context') {
      this.byVariable[variable].add(first);
      return;
    }
    this.anywhere.add(first);
    this.visit(left);
  }

  result(): CedarAttributeReads {
    const keep = (variable: Variable) => new Set([...this.byVariable[variable], ...this.anywhere]);
    return { principal: keep('principal'), resource: keep('resource'), context: this.wholeContext ? undefined : keep('context') };
  }
}

/** The reads of every policy together, or ALL_ATTRIBUTES when any policy cannot be analysed. */
export function cedarAttributeReads(cedar: Cedar, policies: readonly string[]): CedarAttributeReads {
  const reads = new Reads();
  try {
    for (const text of policies) {
      const answer = cedar.policyToJson(text);
      if (answer.type !== 'success') return ALL_ATTRIBUTES;
      for (const condition of answer.json.conditions) reads.visit(condition.body);
    }
  } catch (error) {
    if (error instanceof Unanalysable) return ALL_ATTRIBUTES;
    throw error;
  }
  return reads.result();
}
