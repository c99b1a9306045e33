// The README's examples of the construct API: the TypeScript blocks that import `cdk-phantom-token`
// itself. Those importing `cdk-phantom-token/validator` or `/local` are Node-only and outside jsii.

export interface ReadmeExample {
  /** The block as written, fence and info string included (`ts fixture=...` names a rosetta fixture). */
  readonly fenced: string;
  readonly source: string;
}

export function constructExamples(readme: string): ReadmeExample[] {
  return [...readme.matchAll(/^```(ts[^\n]*)\n([\s\S]*?)^```$/gm)]
    .map(([fenced, , source]) => ({ fenced, source }))
    .filter((example) => /^(import|}) .*from 'cdk-phantom-token';$/m.test(example.source));
}
