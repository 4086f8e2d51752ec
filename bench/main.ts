/**
 * `npm run bench [-- --only core,ldap,entra,check,remediate] [--sizes 100k,1m]`: prints figures, asserts nothing.
 */
import { parseArgs } from 'node:util';
import { benchCore } from './core.js';

const { values } = parseArgs({ options: { only: { type: 'string' }, sizes: { type: 'string', default: '100k,1m' } } });
const parts = (values.only ?? 'core,ldap,entra,check,remediate').split(',');
console.log(`demarc benchmarks on ${process.version}, ${(await import('node:os')).cpus().length} cores`);
if (parts.includes('core')) await benchCore(values.sizes.split(','));
if (parts.includes('check')) await (await import('./check.js')).benchCheck({ accounts: 100_000 });
if (parts.includes('remediate'))
  await (await import('./remediate.js')).benchRemediate({ accounts: values.sizes.includes('1m') ? 1_000_000 : 100_000, findings: 1000 });
if (parts.includes('ldap')) await (await import('./ldap.js')).benchLdap({ entries: 20_000 });
if (parts.includes('entra'))
  await (await import('./entra.js')).benchEntra({ users: 50_000, groups: 10_000, memberships: 500_000, latencyMs: 30 });
