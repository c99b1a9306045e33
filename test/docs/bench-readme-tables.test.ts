// bench/README.md's cost table and fleet predictions are the committed results.json rendered: a full
// `npm run bench` rewrites both files together, and this keeps a hand edit (or a partial run) from
// leaving the page with figures no run gave.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { costTable, fleetTable, withTables } from '../../bench/harness/readme-tables';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'bench', 'README.md'), 'utf8');
const results = JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as Record<string, unknown>;

describe('bench/README.md tables', () => {
  it('hold exactly what results.json renders', () => {
    expect(withTables(readme, results)).toBe(readme);
  });

  it('cover REST and HTTP at every result-cache row, and the fleet at 1k, 10k and 100k requests/s with the model error', () => {
    const cost = costTable(results);
    for (const api of ['REST', 'HTTP']) for (const hits of ['0 %', '50 %', '90 %', "the soak's", 'a 1k rps Zipf fleet']) expect(cost).toContain(`| ${api} | ${hits}`);
    const fleet = fleetTable(results);
    for (const rate of ['1k', '10k', '100k']) expect(fleet).toContain(`| ${rate} |`);
    expect(fleet).toMatch(/fleet\.modelError.*: \d+\.\d %/);
  });

  it('name the key a missing figure would come from', () => {
    expect(() => costTable({})).toThrow(/results\.json has no number at cost\.rest\.gatewayHit0\.usdPerMillion/);
  });
});
