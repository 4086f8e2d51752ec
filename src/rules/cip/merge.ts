import type { Chain } from '../../model/findings.js';
import { chainsOf } from '../deferred-chains.js';
import type { ReportedFinding } from '../rule-kind.js';

/**
 * Collects findings so that one subject and key make one finding: a person holding the same access
 * through two accounts gets one finding with both chains (fingerprints stay unique). Each finding's
 * message gets `{{accounts}}`: "account a" or "accounts a, b".
 */
export class FindingsByKey<M extends string> {
  private readonly byId = new Map<string, ReportedFinding<M>>();

  add(d: ReportedFinding<M>, account: string): void {
    const id = `${d.subject.type}\0${d.subject.source ?? ''}\0${d.subject.id}\0${d.key ?? ''}`;
    const prev = this.byId.get(id);
    if (!prev) {
      this.byId.set(id, { ...d, chains: [...chainsOf(d.chains)], details: { ...d.details, accounts: [account] } });
      return;
    }
    (prev.chains as Chain[]).push(...chainsOf(d.chains));
    prev.details!.accounts = [...(prev.details!.accounts as string[]), account];
  }

  list(): ReportedFinding<M>[] {
    return [...this.byId.values()].map((d) => ({ ...d, data: { ...d.data, accounts: accountList(d.details!.accounts as string[]) } }));
  }
}

const accountList = (accounts: string[]): string => (accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${accounts.join(', ')}`);
