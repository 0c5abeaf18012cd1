// Call-aware status in the app (issue 14 §1): the `callStatus` setting as applied, and whether the agent is on a call
// with Zendesk held. DynamoDB only (the agent's hold item), the account's cached statuses for names.
import type { DirectionInForce, MeStatusResponse } from '../../shared/app-api';
import { callStatusView, onCallView } from '../../shared/sync/call-hold';
import { hasCallHolds } from '../store/call-holds';
import type { StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';

export async function callViews(
  deps: SyncDeps<object>,
  account: StoredAccount,
  direction: DirectionInForce,
  email: string,
  now: number,
): Promise<Pick<MeStatusResponse, 'callStatus' | 'onCall'>> {
  const callStatus = callStatusView(direction.callStatus, direction.direction, account.statusCatalog);
  if (!callStatus) return {};
  if (callStatus.state !== 'on' || !hasCallHolds(deps.store)) return { callStatus };
  const hold = (await deps.store.getCallHold(account.id, email))?.hold;
  const held = hold?.held?.value;
  const name = held?.startsWith('custom:') ? account.statusCatalog?.entries.find((e) => `custom:${e.id}` === held)?.name : undefined;
  const onCall = onCallView(hold, now, name);
  return { callStatus, ...(onCall && { onCall }) };
}
