// Full runs take the figures bench/README.md discusses; quick runs (`--quick`, CI smoke) take the same figures with
// fewer repetitions and must finish in well under a minute in total.
export interface Profile {
  readonly quick: boolean;
}

/** Picks the full or the quick value. */
export function pick<T>(profile: Profile, full: T, quick: T): T {
  return profile.quick ? quick : full;
}
