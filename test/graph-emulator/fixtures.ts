import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pkiFile } from './server.js';
import type { EmulatedTenant, GraphObject } from './tenant-model.js';

const tenantsFile = fileURLToPath(new URL('../../fixtures/entra/tenants.json', import.meta.url));

interface FixtureTenant extends Omit<EmulatedTenant, 'apps' | 'groups'> {
  apps: (EmulatedTenant['apps'][number] & { certificateFiles?: string[] })[];
  groups: (EmulatedTenant['groups'][number] & { bulkMembers?: boolean })[];
  bulkUsers?: { count: number; idPrefix: string; upnDomain: string };
}

export const bulkUserId = (prefix: string, i: number): string => `${prefix}${String(i).padStart(12, '0')}`;

/**
 * The tenants of a fixture file (`{ "tenants": [...] }`, see README.md), by default the IT and OT tenants of
 * fixtures/entra/tenants.json, fresh on every call (tests may change them). `certificateFiles` name PEM files
 * of fixtures/entra/pki; `bulkUsers` adds generated members to the group marked `bulkMembers` (a group
 * spanning several pages).
 */
export function loadTenants(file: string = tenantsFile): EmulatedTenant[] {
  const { tenants } = JSON.parse(readFileSync(file, 'utf8')) as { tenants: FixtureTenant[] };
  return tenants.map(({ bulkUsers, ...t }) => {
    const bulk: GraphObject[] = [];
    for (let i = 1; bulkUsers && i <= bulkUsers.count; i++) {
      bulk.push({
        id: bulkUserId(bulkUsers.idPrefix, i),
        displayName: `Staff ${i}`,
        userPrincipalName: `staff${i}@${bulkUsers.upnDomain}`,
        mail: `staff${i}@${bulkUsers.upnDomain}`,
        userType: 'Member',
        accountEnabled: true,
        employeeId: `B${i}`,
        createdDateTime: '2023-01-01T00:00:00Z',
      });
    }
    return {
      ...t,
      users: [...t.users, ...bulk],
      apps: t.apps.map(({ certificateFiles, ...a }) => ({
        ...a,
        certificates: (certificateFiles ?? []).map((f) => readFileSync(pkiFile(f), 'utf8')),
      })),
      groups: t.groups.map(({ bulkMembers, ...g }) => ({
        ...g,
        members: [...(g.members ?? []), ...(bulkMembers ? bulk.map((u) => u.id) : [])],
      })),
    };
  });
}

export const IT = 'a1111111-1111-4111-8111-111111111111';
export const OT = 'b2222222-2222-4222-8222-222222222222';
export const clients = {
  it: { clientId: 'd0000000-0000-4000-8000-0000000000a1', secret: 'it-collector-secret-value' },
  itCert: { clientId: 'd0000000-0000-4000-8000-0000000000a2' },
  itLimited: { clientId: 'd0000000-0000-4000-8000-0000000000a3', secret: 'it-limited-secret-value' },
  ot: { clientId: 'd0000000-0000-4000-8000-0000000000b1', secret: 'ot-collector-secret-value' },
};
