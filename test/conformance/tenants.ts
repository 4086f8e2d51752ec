import { readFileSync } from 'node:fs';
import type { EmulatedTenant, GraphObject } from '../graph-emulator/tenant-model.js';
import type { SambaForest } from '../helpers/ldap/samba.js';
import { readDirectoryObject } from './directory-lookup.js';
import { fixture } from './paths.js';

interface FixtureTenant extends Omit<EmulatedTenant, 'groups'> {
  groups: (EmulatedTenant['groups'][number] & { bulkMembers?: boolean })[];
  bulkUsers?: { count: number; idPrefix: string; upnDomain: string; displayName: string };
}

/** `{{sid:<forest>:<sam>}}` / `{{guid:<forest>:<sam>}}`: values of the synced AD account, known only once it exists. */
const PLACEHOLDER = /\{\{(sid|guid):(it|ot):([^}]+)\}\}/g;

async function resolvePlaceholders(text: string, forests: Record<'it' | 'ot', SambaForest>): Promise<string> {
  let out = text;
  for (const m of [...text.matchAll(PLACEHOLDER)]) {
    const o = await readDirectoryObject(forests[m[2] as 'it' | 'ot'], m[3]!);
    out = out.split(m[0]).join(m[1] === 'sid' ? o.sid : o.guidBase64);
  }
  return out;
}

/**
 * The IT and OT tenants of fixtures/conformance/tenants.json. Generated bulk users come before the named
 * users (so those are on the third page of 999), and before the named members of groups marked `bulkMembers`.
 */
export async function loadConformanceTenants(forests: Record<'it' | 'ot', SambaForest>): Promise<EmulatedTenant[]> {
  const text = await resolvePlaceholders(readFileSync(fixture('tenants.json'), 'utf8'), forests);
  const { tenants } = JSON.parse(text) as { tenants: FixtureTenant[] };
  return tenants.map(({ bulkUsers, ...t }) => {
    const bulk: GraphObject[] = [];
    for (let i = 1; bulkUsers && i <= bulkUsers.count; i++) {
      bulk.push({
        id: `${bulkUsers.idPrefix}${String(i).padStart(12, '0')}`,
        displayName: `${bulkUsers.displayName} ${i}`,
        userPrincipalName: `crew${i}@${bulkUsers.upnDomain}`,
        mail: `crew${i}@${bulkUsers.upnDomain}`,
        userType: 'Member',
        accountEnabled: true,
        createdDateTime: '2024-01-01T00:00:00Z',
      });
    }
    return {
      ...t,
      users: [...bulk, ...t.users],
      groups: t.groups.map(({ bulkMembers, ...g }) => ({
        ...g,
        members: [...(bulkMembers ? bulk.map((u) => u.id) : []), ...(g.members ?? [])],
      })),
    };
  });
}
