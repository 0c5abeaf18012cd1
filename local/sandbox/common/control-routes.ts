// The control API both sandboxes share under /_sandbox, and the pipeline that keeps it apart from the service API.
import { SandboxInputError } from './errors';
import type { FaultInjector, InjectedFault } from './faults';
import { bodyObject, json, type Router, type SandboxHandler, type SandboxResponse } from './http-server';
import { journalFilterFromQuery, type RequestJournal } from './journal';
import type { WebhookDeliveryQueue } from './webhook-delivery';

/** The common state every sandbox holds. */
export interface SandboxCore {
  journal: RequestJournal;
  faults: FaultInjector;
  deliveries: WebhookDeliveryQueue;
}

/** The prefix of every control route. Control routes need no auth, are never faulted, counted or journaled. */
export const CONTROL_PREFIX = '/_sandbox';

/**
 * Wraps a control handler: a `SandboxInputError` becomes `{error}` with its status (400 by default).
 *
 * @example router.on('PUT', '/_sandbox/users/:id/status', control((req) => json(200, setStatus(req))));
 */
export function control(handler: SandboxHandler): SandboxHandler {
  return async (req) => {
    try {
      return await handler(req);
    } catch (error) {
      if (error instanceof SandboxInputError) return json(error.status, { error: error.message });
      throw error;
    }
  };
}

/**
 * Adds the shared control routes to `router`: requests journal, faults, delivery mode and log, flush, reset.
 * `reset` must restore the sandbox's own state; the common state (journal, faults, deliveries) is reset here first.
 */
export function addCommonControlRoutes(router: Router, core: SandboxCore, reset: () => void | Promise<void>): Router {
  const p = CONTROL_PREFIX;
  return router
    .on('GET', `${p}/requests`, (req) => json(200, { requests: core.journal.list(journalFilterFromQuery(req.query)) }))
    .on('DELETE', `${p}/requests`, () => {
      core.journal.clear();
      return json(204);
    })
    .on('GET', `${p}/faults`, () => json(200, { faults: core.faults.settings }))
    .on(
      'PUT',
      `${p}/faults`,
      control((req) => json(200, { faults: core.faults.configure(bodyObject(req)) })),
    )
    .on('DELETE', `${p}/faults`, () => {
      core.faults.clear();
      return json(204);
    })
    .on('GET', `${p}/delivery`, () => json(200, { delivery: core.deliveries.mode }))
    .on(
      'PUT',
      `${p}/delivery`,
      control((req) => json(200, { delivery: core.deliveries.setMode(bodyObject(req)) })),
    )
    .on('GET', `${p}/deliveries`, () => json(200, { deliveries: core.deliveries.log() }))
    .on('DELETE', `${p}/deliveries`, () => {
      core.deliveries.clearLog();
      return json(204);
    })
    .on('POST', `${p}/deliveries/flush`, async () => {
      await core.deliveries.idle();
      return json(200, { deliveries: core.deliveries.log() });
    })
    .on('POST', `${p}/reset`, async () => {
      core.journal.clear();
      core.faults.clear();
      core.deliveries.reset();
      await reset();
      return json(204);
    });
}

export interface SandboxPipeline {
  core: SandboxCore;
  /** The control router (common routes plus the sandbox's own). */
  control: Router;
  /** The service API after faults: auth, rate limit, routing and its own 404. */
  api: SandboxHandler;
  /** Shapes an injected fault the way the service would answer it. */
  faultResponse: (fault: InjectedFault) => SandboxResponse;
  now: () => number;
}

/**
 * The top-level handler: `/_sandbox/...` goes to the control router; anything else passes fault injection, then
 * `api`, and is journaled with the status answered.
 */
export function createSandboxHandler(pipeline: SandboxPipeline): SandboxHandler {
  return async (req) => {
    if (req.path === CONTROL_PREFIX || req.path.startsWith(`${CONTROL_PREFIX}/`)) {
      return pipeline.control.handle(req, () => json(404, { error: 'Not Found', troubleshoot: `no control route ${req.method} ${req.path}` }));
    }
    const at = pipeline.now();
    const fault = await pipeline.core.faults.inject();
    const res = fault ? pipeline.faultResponse(fault) : await pipeline.api(req);
    pipeline.core.journal.record(req, res.status, at);
    return res;
  };
}
