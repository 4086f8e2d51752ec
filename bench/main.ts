/**
 * `npm run bench [-- --only core,entry,ldap,entra,check,remediate] [--sizes 100k,1m] [--shapes project,wide-closure,everyone,wide-deep]`:
 * prints figures, asserts nothing. `core` audits each estate shape at each size (phases, wall, CPU, peak
 * RSS, growth from the first size to the last); `entry` times collect, the evidence bundle, verify (at
 * the largest size) and diff (two 100k-finding documents). Shapes are described in docs/performance.md.
 */
import { parseArgs } from 'node:util';
import { benchCore } from './core.js';
import { SHAPES, type Shape } from './generate-estate.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    sizes: { type: 'string', default: '100k,1m' },
    shapes: { type: 'string', default: SHAPES.join(',') },
  },
});
const parts = (values.only ?? 'core,entry,ldap,entra,check,remediate').split(',');
const sizes = values.sizes.split(',');
const shapes = values.shapes.split(',').map((s) => {
  if (!(SHAPES as readonly string[]).includes(s)) throw new Error(`unknown shape ${s} (known: ${SHAPES.join(', ')})`);
  return s as Shape;
});
console.log(`demarc benchmarks on ${process.version}, ${(await import('node:os')).cpus().length} cores`);
if (parts.includes('core')) await benchCore(sizes, shapes);
if (parts.includes('entry')) await (await import('./entry-points.js')).benchEntryPoints(sizes[sizes.length - 1]);
if (parts.includes('check')) await (await import('./check.js')).benchCheck({ sizes });
if (parts.includes('remediate'))
  await (await import('./remediate.js')).benchRemediate({ accounts: values.sizes.includes('1m') ? 1_000_000 : 100_000, findings: 1000 });
if (parts.includes('ldap')) await (await import('./ldap.js')).benchLdap({ entries: 20_000 });
if (parts.includes('entra'))
  await (await import('./entra.js')).benchEntra({ users: 50_000, groups: 10_000, memberships: 500_000, latencyMs: 30 });
