// Stands in for mnemonist/lru-cache in the Lambda bundles (alias in infra/lambda-bundling.json): the one user is the
// SDK's DynamoDB endpoint-discovery cache (@aws-sdk/endpoint-cache), which calls only the methods below. mnemonist
// and its obliterator dependency weigh ~7 KB minified; a Map keeps insertion order, which is all an LRU needs.

/** An LRU cache of at most `capacity` entries: `get` and `set` make a key the most recent. */
export default class LRUCache {
  constructor(capacity) {
    this.capacity = capacity;
    this.items = new Map();
  }

  get(key) {
    if (!this.items.has(key)) return undefined;
    const value = this.items.get(key);
    this.items.delete(key);
    this.items.set(key, value);
    return value;
  }

  /** Reads without making the key recent. */
  peek(key) {
    return this.items.get(key);
  }

  has(key) {
    return this.items.has(key);
  }

  set(key, value) {
    this.items.delete(key);
    this.items.set(key, value);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value);
    return this;
  }

  clear() {
    this.items.clear();
  }
}
