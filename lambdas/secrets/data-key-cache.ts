// A per-container cache of plaintext data keys, bounded in time and size, so a warm Lambda does not call KMS per secret.

/** Cache limits. A key is never used past `ttlMs` after it was obtained; at most `maxEntries` are held. */
export interface DataKeyCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** Default lifetime of a cached data key: 5 minutes. */
export const DEFAULT_DATA_KEY_TTL_MS = 5 * 60_000;

/**
 * A map with a lifetime per entry and a size bound (oldest evicted first). `dispose` runs on every entry that leaves,
 * so plaintext key bytes can be zeroed rather than left for the garbage collector.
 */
export class DataKeyCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    options: DataKeyCacheOptions = {},
    private readonly dispose: (value: T) => void = () => {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_DATA_KEY_TTL_MS;
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
    if (!(this.ttlMs >= 0)) throw new TypeError('ttlMs must be >= 0');
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 0) throw new TypeError('maxEntries must be an integer >= 0');
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (this.ttlMs === 0 || this.maxEntries === 0) return void this.dispose(value);
    this.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  /** Drops every entry (e.g. after a key rotation in tests). */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.dispose(entry.value);
  }
}
