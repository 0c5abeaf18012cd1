// The worker's audit entries of one invocation, appended together at its end (issue 15: an audit entry is not its own
// round trip on the hot path; a batch of messages costs one BatchWriteItem, not one PutItem per message).
import type { AuditAppend, AuditEntry, AuditInput, AuditStore } from '../store/port';

export class AuditBatch {
  private pending: AuditAppend[] = [];

  /** Entries waiting for `flush`. */
  get size(): number {
    return this.pending.length;
  }

  add(account: string, agent: string, entry: AuditInput, now: number): void {
    this.pending.push({ account, agent, entry, now });
  }

  /**
   * Appends what was added since the last flush, in as few requests as the store allows; the entries are taken out
   * first, so a failure is not appended twice by a later flush (the caller logs it: the decisions they describe are
   * already recorded on the agents' state).
   */
  async flush(store: Pick<AuditStore, 'appendAudits'>): Promise<AuditEntry[]> {
    const entries = this.pending;
    this.pending = [];
    return entries.length === 0 ? [] : store.appendAudits(entries);
  }
}
