// Properties of the call hold over any delivery of a call's events: duplicated (call.hungup and call.ended, Aircall's
// retries), reordered, with or without wrap-up events. A worker model acts on the hold after every delivery.
import fc from 'fast-check';
import {
  DEFAULT_CALL_HOLD_CAP_MS,
  WRAP_UP_GRACE_MS,
  applySignal,
  isHoldActive,
  releaseAction,
  tick,
  type CallHold,
  type CallSignal,
} from '../../shared/sync/call-hold';

const RUNS = { numRuns: 400 };
const T = 1_795_424_400_000;

/** One answered call's events, each delivered one to three times, in any order, with or without a wrap-up. */
const callDeliveryArb = fc
  .record({
    withWrapUp: fc.boolean(),
    copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 5 }),
    endedToo: fc.boolean(),
    seed: fc.integer(),
  })
  .chain(({ withWrapUp, copies, endedToo }) => {
    const events: CallSignal[] = [
      { kind: 'answered', callId: '1', at: T },
      { kind: 'hungup', callId: '1', at: T + 60_000 },
      ...(endedToo ? [{ kind: 'hungup' as const, callId: '1', at: T + 90_000 }] : []),
      ...(withWrapUp
        ? [
            { kind: 'wrap_up_start' as const, at: T + 60_000 },
            { kind: 'wrap_up_end' as const, at: T + 80_000 },
          ]
        : []),
    ];
    const delivered = events.flatMap((e, i) => Array.from({ length: copies[i] ?? 1 }, () => e));
    return fc.shuffledSubarray(delivered, { minLength: delivered.length, maxLength: delivered.length }).map((order) => ({ withWrapUp, order }));
  });

interface WorkerModel {
  hold?: CallHold;
  holdWrites: number;
  restores: number;
}

/** What the worker does after each delivery: write the hold status once, act once on a release. */
function worker(model: WorkerModel, now: number): void {
  if (model.hold === undefined) return;
  let hold = tick(model.hold, now);
  if (isHoldActive(hold) && hold.held === undefined) {
    hold = { ...hold, remembered: 'online', aircallAtStart: 'available', held: { value: 'transfers_only', at: now } };
    model.holdWrites++;
  }
  if (hold.released && !hold.released.done) {
    if (releaseAction(hold, {}).action === 'restore') model.restores++;
    hold = { ...hold, released: { ...hold.released, done: true } };
  }
  model.hold = hold;
}

function deliver(order: CallSignal[], clockStep = 1_000): WorkerModel {
  const model: WorkerModel = { holdWrites: 0, restores: 0 };
  let now = T;
  for (const signal of order) {
    now = Math.max(now + clockStep, signal.at); // received after it happened
    model.hold = applySignal(model.hold, signal, now);
    worker(model, now);
  }
  return model;
}

describe('call hold properties', () => {
  test('whatever the order and the duplicates, Zendesk is held at most once and restored at most once', () => {
    fc.assert(
      fc.property(callDeliveryArb, ({ order }) => {
        const model = deliver(order);
        worker(model, T + 10 * DEFAULT_CALL_HOLD_CAP_MS);
        expect(model.holdWrites).toBeLessThanOrEqual(1);
        expect(model.restores).toBeLessThanOrEqual(model.holdWrites);
      }),
      RUNS,
    );
  });

  test('when the answer comes before the end, the call is held and, once over, restored exactly once', () => {
    fc.assert(
      fc.property(
        callDeliveryArb.filter(({ order }) => {
          const answered = order.findIndex((s) => s.kind === 'answered');
          return answered >= 0 && answered < order.findIndex((s) => s.kind === 'hungup');
        }),
        ({ order }) => {
          const model = deliver(order);
          // Past the wrap-up grace: a call without wrap-up events is over; one with them ended its wrap-up.
          worker(model, T + 90_000 + order.length * 1_000 + WRAP_UP_GRACE_MS);
          expect(model.holdWrites).toBe(1);
          expect(model.restores).toBe(1);
          expect(isHoldActive(model.hold)).toBe(false);
        },
      ),
      RUNS,
    );
  });

  test('applying a signal twice is applying it once', () => {
    const signalArb: fc.Arbitrary<CallSignal> = fc.oneof(
      fc.record({ kind: fc.constant('answered' as const), callId: fc.constantFrom('1', '2'), at: fc.integer({ min: T, max: T + 100_000 }) }),
      fc.record({ kind: fc.constant('hungup' as const), callId: fc.constantFrom('1', '2'), at: fc.integer({ min: T, max: T + 100_000 }) }),
      fc.record({ kind: fc.constantFrom('wrap_up_start' as const, 'wrap_up_end' as const), at: fc.integer({ min: T, max: T + 100_000 }) }),
      fc.record({
        kind: fc.constant('live' as const),
        availability: fc.constantFrom('available' as const, 'in_call' as const, 'offline' as const),
        at: fc.integer({ min: T, max: T + 100_000 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(signalArb, { maxLength: 8 }), signalArb, (before, signal) => {
        const now = T + 200_000;
        const hold = before.reduce<CallHold | undefined>((h, s) => applySignal(h, s, now), undefined);
        const once = applySignal(hold, signal, now);
        expect(applySignal(once, signal, now)).toEqual(once);
      }),
      RUNS,
    );
  });

  test('no hold outlives the cap, whatever the signals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom<CallSignal>(
            { kind: 'answered', callId: '1', at: T },
            { kind: 'answered', callId: '2', at: T + 5 },
            { kind: 'wrap_up_start', at: T + 9 },
          ),
          { minLength: 1 },
        ),
        (signals) => {
          const hold = signals.reduce<CallHold | undefined>((h, s) => applySignal(h, s, T + 10), undefined) as CallHold;
          expect(isHoldActive(tick(hold, T + 10 + DEFAULT_CALL_HOLD_CAP_MS))).toBe(false);
        },
      ),
      RUNS,
    );
  });
});
