// Cedar policy files taken apart without Cedar: each policy ends at its top-level `;` (a `;` inside a
// string or a `//` comment does not count), and its leading annotations (`@id("...")`) are read off its
// front. Dependency-free, so the constructs can split files into stored policies at synth and the
// validator can key policies by id at cold start without a second pass through Cedar's WASM parser
// (V8 compiles each WASM function on its first call, so every Cedar entry point used costs cold start).
// Cedar itself parses every policy afterwards and reports what is malformed.

export interface PolicyText {
  /** The policy, trimmed; ends with `;` unless the file ended without one. */
  readonly text: string;
  /** Where it starts in the file (a UTF-16 index), for line numbers. */
  readonly start: number;
}

export function splitCedarPolicies(file: string): PolicyText[] {
  const policies: PolicyText[] = [];
  let start = -1;
  const close = (end: number) => {
    if (start >= 0) policies.push({ text: file.slice(start, end).trim(), start });
    start = -1;
  };
  for (let i = 0; i < file.length; i++) {
    const char = file[i];
    if (char === '/' && file[i + 1] === '/') {
      const end = file.indexOf('\n', i);
      i = end === -1 ? file.length : end;
      continue;
    }
    if (start < 0 && /\s/.test(char)) continue;
    if (start < 0) start = i;
    if (char === '"') {
      for (i++; i < file.length && file[i] !== '"'; i++) if (file[i] === '\\') i++;
    } else if (char === ';') {
      close(i + 1);
    }
  }
  close(file.length);
  return policies;
}

const ANNOTATION = /^\s*(?:\/\/[^\n]*\n\s*)*@([A-Za-z_][A-Za-z0-9_]*)(?:\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\))?/;

/** The annotations in front of one policy: `@id("a") @claim("b")` gives `{ id: 'a', claim: 'b' }`. */
export function leadingAnnotations(policy: string): Record<string, string> {
  const annotations: Record<string, string> = {};
  let rest = policy;
  for (let match = ANNOTATION.exec(rest); match; match = ANNOTATION.exec(rest)) {
    const value = match[2] ?? '';
    try {
      annotations[match[1]] = JSON.parse(`"${value}"`) as string;
    } catch {
      annotations[match[1]] = value;
    }
    rest = rest.slice(match[0].length);
  }
  return annotations;
}
