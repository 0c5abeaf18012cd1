// Switches for the Zendesk shapes its own text does not confirm (zendesk-api.md §5, §6.1, §9.7; issue 11). The
// status PUT body has its own switch (`statusBodyShape`, account.ts).
import { SandboxInputError } from '../common';

export interface ApiVariants {
  /** `GET …/agent_statuses` lists `default` and `custom` (default, §6.1) or `default_statuses` and `custom_statuses`. */
  statusListNaming: 'default/custom' | 'default_statuses/custom_statuses';
  /** The largest `page[size]` of `GET /api/v2/agent_availabilities`; a larger one answers 400 naming it (§5). Default 100. */
  availabilityPageSizeMax: number;
  /** Which text webhooks sign: TIMESTAMP + BODY (default, current docs) or BODY + TIMESTAMP (the older page, §9.7). */
  signatureOrder: 'timestamp_body' | 'body_timestamp';
}

export const DEFAULT_API_VARIANTS: ApiVariants = { statusListNaming: 'default/custom', availabilityPageSizeMax: 100, signatureOrder: 'timestamp_body' };

/** Validates a patch (options or `PUT /_sandbox/config`) and applies it to `variants`. Unknown keys are left to the caller. */
export function configureApiVariants(variants: ApiVariants, patch: Record<string, unknown>): ApiVariants {
  const { statusListNaming, availabilityPageSizeMax, signatureOrder } = patch;
  if (statusListNaming !== undefined) {
    if (statusListNaming !== 'default/custom' && statusListNaming !== 'default_statuses/custom_statuses') {
      throw new SandboxInputError('statusListNaming must be default/custom or default_statuses/custom_statuses');
    }
    variants.statusListNaming = statusListNaming;
  }
  if (availabilityPageSizeMax !== undefined) {
    if (
      typeof availabilityPageSizeMax !== 'number' ||
      !Number.isInteger(availabilityPageSizeMax) ||
      availabilityPageSizeMax < 1 ||
      availabilityPageSizeMax > 100
    ) {
      throw new SandboxInputError('availabilityPageSizeMax must be an integer from 1 to 100');
    }
    variants.availabilityPageSizeMax = availabilityPageSizeMax;
  }
  if (signatureOrder !== undefined) {
    if (signatureOrder !== 'timestamp_body' && signatureOrder !== 'body_timestamp')
      throw new SandboxInputError('signatureOrder must be timestamp_body or body_timestamp');
    variants.signatureOrder = signatureOrder;
  }
  return { ...variants };
}

/** The status list's two keys under the current naming. */
export function statusListKeys(variants: ApiVariants): { defaults: string; custom: string } {
  return variants.statusListNaming === 'default/custom'
    ? { defaults: 'default', custom: 'custom' }
    : { defaults: 'default_statuses', custom: 'custom_statuses' };
}
