// oidc-provider storage for one embedded AS: a Map per instance with absolute expiry. (The provider's
// built-in adapter is one LRU of 1,000 entries shared by every provider in the process: a soak run
// would evict live tokens, and two AS instances in one test process would share it.)

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string };

export interface Entry {
  readonly payload: Payload;
  readonly expiresAt: number;
}

/** Expired entries are swept on writes, at most once per this many writes. */
const SWEEP_EVERY_WRITES = 1_000;

/** Every entry by key: what a restarted AS takes over (plain data, for the IPC channel). */
export type StoreEntries = ReadonlyArray<readonly [string, Entry]>;

/** The adapter class oidc-provider instantiates per model, with the whole store's entries at hand. */
export type MemoryStoreClass = (new (model: string) => object) & { entries(): StoreEntries };

/**
 * `seed` pre-loads records by model, each with its id in `client_id` (clients) or `jti`; `restored`
 * holds the entries of a stopped AS this one continues.
 */
export function memoryAdapterFactory(seed: Record<string, readonly Payload[]> = {}, restored: StoreEntries = []): MemoryStoreClass {
  const entries = new Map<string, Entry>(restored);
  for (const [model, records] of Object.entries(seed)) {
    for (const record of records) {
      entries.set(`${model}:${String(record.client_id ?? record.jti)}`, { payload: record, expiresAt: Number.POSITIVE_INFINITY });
    }
  }
  let writes = 0;

  const live = (key: string): Payload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  };

  return class MemoryStore {
    constructor(private readonly model: string) {}

    static entries(): StoreEntries {
      return [...entries];
    }

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      if (++writes % SWEEP_EVERY_WRITES === 0) sweep();
      const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
      entries.set(this.key(id), { payload, expiresAt });
    }

    async find(id: string): Promise<Payload | undefined> {
      return live(this.key(id));
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      return this.findWhere((payload) => payload.uid === uid);
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      return this.findWhere((payload) => payload.userCode === userCode);
    }

    async consume(id: string): Promise<void> {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      entries.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(key);
    }

    private findWhere(match: (payload: Payload) => boolean): Payload | undefined {
      const prefix = `${this.model}:`;
      for (const [key, entry] of entries) {
        if (key.startsWith(prefix) && match(entry.payload) && entry.expiresAt > Date.now()) return entry.payload;
      }
      return undefined;
    }
  };
}
