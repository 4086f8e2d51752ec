import type { FindingDraft } from '../rule-kind.js';

/**
 * Collects findings so that one subject and key make one finding: a person holding the same access
 * through two accounts gets one finding with both chains (fingerprints stay unique).
 */
export class FindingsByKey {
  private readonly byId = new Map<string, FindingDraft>();

  add(d: FindingDraft, account: string, render: (accounts: string[]) => string): void {
    const id = `${d.subject.type}\0${d.subject.source ?? ''}\0${d.subject.id}\0${d.key ?? ''}`;
    const prev = this.byId.get(id);
    if (!prev) {
      this.byId.set(id, { ...d, chains: [...d.chains], message: render([account]), details: { ...d.details, accounts: [account] } });
      return;
    }
    const accounts = [...(prev.details!.accounts as string[]), account];
    prev.chains.push(...d.chains);
    prev.details!.accounts = accounts;
    prev.message = render(accounts);
  }

  list(): FindingDraft[] {
    return [...this.byId.values()];
  }
}

export const accountList = (accounts: string[]): string =>
  accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${accounts.join(', ')}`;
