// The one rule for every UNCONFIRMED request shape (issue 11), and the per-account memory it keeps. Which answers
// prove a form wrong, per point, is decided in lambdas/aircall/api-shapes.ts and lambdas/zendesk/api-shapes.ts.
import { ApiError, type ApiSystem } from '../http/errors';
import type { ApiProblem, ApiShapeStore, LearnedShape, StoredApiShapes } from './api-shapes';

/** A learned alternative is tried against the preferred form again after this long; a problem is re-tried too. */
export const RECHECK_MS = 24 * 60 * 60 * 1000;

/**
 * One account's learned shapes, read from the store once (lazily) and written only when something changes: a new
 * value, a re-check, a problem appearing or going. Without a store it remembers in memory only (tests, scripts).
 * A store failure never fails the request that learned something: it is reported to `onStoreError`.
 */
export class ShapeMemory {
  private loaded: Promise<StoredApiShapes> | undefined;
  private readonly state: StoredApiShapes = { shapes: {}, problems: {} };

  constructor(
    private readonly options: {
      account?: string;
      store?: ApiShapeStore;
      now?: () => number;
      onStoreError?: (error: Error) => void;
    } = {},
  ) {}

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Everything learned so far (after loading). */
  async snapshot(): Promise<StoredApiShapes> {
    await this.load();
    return { shapes: { ...this.state.shapes }, problems: { ...this.state.problems } };
  }

  async shape(point: string): Promise<LearnedShape | undefined> {
    await this.load();
    return this.state.shapes[point];
  }

  async problem(point: string): Promise<ApiProblem | undefined> {
    await this.load();
    return this.state.problems[point];
  }

  /**
   * Records that `value` worked. Writes only if it differs from what is known, or `rechecked` (the daily re-check
   * confirmed it) — so one decision is written once, even when concurrent requests reach it together.
   */
  async learn(point: string, value: string, at: number, extra: { evidence?: string; note?: string; rechecked?: boolean } = {}): Promise<void> {
    await this.load();
    const known = this.state.shapes[point];
    const same = known?.value === value ? known : undefined;
    // A note is kept until a new one is seen (a list with no user says nothing about substatus).
    const note = extra.note ?? same?.note;
    if (same && same.note === note && (!extra.rechecked || at - same.checkedAt < RECHECK_MS / 2)) return;
    const evidence = extra.evidence ?? same?.evidence;
    const shape: LearnedShape = {
      value,
      learnedAt: same?.learnedAt ?? at,
      checkedAt: at,
      ...(evidence !== undefined && { evidence }),
      ...(note !== undefined && { note }),
    };
    this.state.shapes[point] = shape;
    await this.persist((store, account) => store.putShape(account, point, shape));
  }

  /** Records (or confirms, at most once per re-check period) that no form works for `point`. */
  async fail(point: string, detail: string, at: number): Promise<ApiProblem> {
    await this.load();
    const known = this.state.problems[point];
    if (known && at - known.checkedAt < RECHECK_MS) return known;
    const problem: ApiProblem = { since: known?.since ?? at, checkedAt: at, detail };
    this.state.problems[point] = problem;
    await this.persist((store, account) => store.putProblem(account, point, problem));
    return problem;
  }

  /** The problem of `point` is over (a form worked again). */
  async recover(point: string): Promise<void> {
    await this.load();
    if (!this.state.problems[point]) return;
    delete this.state.problems[point];
    await this.persist((store, account) => store.putProblem(account, point, undefined));
  }

  private load(): Promise<StoredApiShapes> {
    const { store, account } = this.options;
    this.loaded ??= (async () => {
      if (store && account) {
        try {
          const stored = await store.get(account);
          // Anything learned in this process while loading wins over the stored copy.
          this.state.shapes = { ...stored.shapes, ...this.state.shapes };
          this.state.problems = { ...stored.problems, ...this.state.problems };
        } catch (error) {
          this.loaded = undefined; // try again on the next request; meanwhile use the defaults
          this.options.onStoreError?.(error as Error);
        }
      }
      return this.state;
    })();
    return this.loaded;
  }

  private async persist(write: (store: ApiShapeStore, account: string) => Promise<unknown>): Promise<void> {
    const { store, account } = this.options;
    if (!store || !account) return;
    try {
      await write(store, account);
    } catch (error) {
      this.options.onStoreError?.(error as Error);
    }
  }
}

/** Both forms of a point were refused with answers that prove each wrong: nothing was learned. Not retryable. */
export class ShapesExhaustedError extends ApiError {
  override name = 'ShapesExhaustedError';

  constructor(
    system: ApiSystem,
    readonly point: string,
    readonly evidence: string[],
  ) {
    super(`${system === 'aircall' ? 'Aircall' : 'Zendesk'} refused every known form of ${point}: ${evidence.join('; ')}`, { system, retryable: false });
  }
}

/** How one point is detected; see `tryShapes`. */
export interface ShapeRule<V extends string, R> {
  system: ApiSystem;
  point: string;
  /** The documented or most-supported form, tried first. */
  preferred: V;
  /** The one alternative, tried once when an answer proves the first form wrong. */
  alternative: V;
  attempt(value: V): Promise<R>;
  /** Whether `error` proves `value` wrong (not merely failed: a 5xx, a 429 or an unknown user prove nothing). */
  proves(error: unknown, value: V): boolean | Promise<boolean>;
  /** Short evidence for the admin view, e.g. `GET /v1/users answered 410`. */
  describe(error: unknown, value: V): string;
  /** A fact to record with the form that worked (e.g. V2 users carry no substatus). */
  note?(result: R, value: V): string | undefined;
}

/**
 * The rule (issue 11): use what was learned for the account (else the preferred form); once a day, put a learned
 * alternative to the test of the preferred form again. When an answer proves the form used wrong, try the other
 * form once — never more, so nothing loops — and remember it only once it has worked. A failure of both is not
 * learned: it throws `ShapesExhaustedError`.
 */
export async function tryShapes<V extends string, R>(memory: ShapeMemory, rule: ShapeRule<V, R>): Promise<R> {
  const known = await memory.shape(rule.point);
  const knownValue = known && (known.value === rule.preferred || known.value === rule.alternative) ? (known.value as V) : undefined;
  const now = memory.now();
  const recheck = knownValue === rule.alternative && known !== undefined && now - known.checkedAt >= RECHECK_MS;
  const first: V = recheck ? rule.preferred : (knownValue ?? rule.preferred);
  let firstError: unknown;
  try {
    const result = await rule.attempt(first);
    await memory.learn(rule.point, first, memory.now(), { note: rule.note?.(result, first), rechecked: recheck });
    return result;
  } catch (error) {
    if (!(await rule.proves(error, first))) throw error;
    firstError = error;
  }
  const other: V = first === rule.preferred ? rule.alternative : rule.preferred;
  const evidence = rule.describe(firstError, first);
  let result: R;
  try {
    result = await rule.attempt(other);
  } catch (error) {
    if (await rule.proves(error, other)) throw new ShapesExhaustedError(rule.system, rule.point, [evidence, rule.describe(error, other)]);
    throw error;
  }
  await memory.learn(rule.point, other, memory.now(), { evidence, note: rule.note?.(result, other), rechecked: true });
  return result;
}
