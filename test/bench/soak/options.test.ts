import { parseSoakArgs, SHORT_SOAK, SOAK_DEFAULTS, SoakUsageError } from '../../../bench/soak/options';

describe('parseSoakArgs', () => {
  it('defaults to the issue run: 60 s, 10 s faults, bench/soak.json', () => {
    expect(parseSoakArgs([])).toEqual(SOAK_DEFAULTS);
    expect(SOAK_DEFAULTS).toMatchObject({ durationMs: 60_000, faultMs: 10_000, out: 'bench/soak.json', badShare: 0.2 });
  });

  it('reads durations in seconds, and the short profile keeps --out', () => {
    expect(parseSoakArgs(['--duration', '90', '--fault', '5', '--rate', '150', '--connections', '4', '--out', 'x.json'])).toMatchObject({
      durationMs: 90_000, faultMs: 5_000, rate: 150, connections: 4, out: 'x.json',
    });
    expect(parseSoakArgs(['--out', 'y.json', '--short'])).toMatchObject({ ...SHORT_SOAK, out: 'y.json' });
  });

  it('--bad-share sets the share of bad requests, from 0 to 1 inclusive', () => {
    expect(parseSoakArgs(['--bad-share', '0.35']).badShare).toBe(0.35);
    expect(parseSoakArgs(['--bad-share', '0']).badShare).toBe(0);
    expect(parseSoakArgs(['--bad-share', '1']).badShare).toBe(1);
    expect(parseSoakArgs(['--bad-share', '0.5', '--short']).badShare).toBe(0.5);
    for (const bad of ['1.5', '-0.1', 'half', '', 'NaN', 'Infinity']) {
      expect(() => parseSoakArgs(['--bad-share', bad])).toThrow(`--bad-share must be a number from 0 to 1, got "${bad}"`);
    }
    expect(() => parseSoakArgs(['--bad-share'])).toThrow('--bad-share needs a value');
    expect(() => parseSoakArgs(['--help'])).toThrow(/--bad-share 0\.2/);
  });

  it('refuses unknown flags, bad values and a run too short for its faults', () => {
    expect(() => parseSoakArgs(['--fast'])).toThrow(SoakUsageError);
    expect(() => parseSoakArgs(['--duration', '-1'])).toThrow(/--duration must be a positive number/);
    expect(() => parseSoakArgs(['--duration'])).toThrow(/needs a value/);
    expect(() => parseSoakArgs(['--mode', 'magic'])).toThrow(/--mode must be one of/);
    expect(() => parseSoakArgs(['--duration', '20'])).toThrow(/at least 4 x --fault/);
  });
});
