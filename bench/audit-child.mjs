/**
 * Runs one audit in its own process and prints its phases as JSON: reading the snapshot, building the
 * context (graph, propagation, correlation), evaluating every rule, writing the findings JSON. Uses the built code
 * (dist/), the same the CLI runs. Peak memory is the process's maximum resident set size.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../dist/config/load-config.js';
import { readSnapshot } from '../dist/snapshot/read-snapshot.js';
import { loadPacks } from '../dist/policy/load-packs.js';
import { buildContext } from '../dist/engine/build-context.js';
import { evaluatePacks } from '../dist/policy/evaluate.js';
import { buildReport } from '../dist/audit/report.js';
import { statSync } from 'node:fs';
import { chunkFormatters } from '../dist/report/formats/index.js';
import { writePrivateFileChunks } from '../dist/util/files.js';

const [configPath, snapshotPath, outputPath] = process.argv.slice(2);
const t0 = performance.now();
const loaded = await loadConfig(configPath);
const packs = await loadPacks(loaded.config.policies, loaded.baseDir);
const estate = await readSnapshot(snapshotPath);
const t1 = performance.now();
const now = new Date('2026-11-25T00:00:00Z');
const ctx = buildContext(estate, loaded.config, now);
const t2 = performance.now();
const evaluation = evaluatePacks(ctx, packs, loaded.exceptions);
const t3 = performance.now();
const report = buildReport({ estate, evaluation, packs, now, timeZone: loaded.config.timeZone, persons: ctx.people.persons.length });
// Written as the CLI writes it: streamed, owner-only, atomic.
await writePrivateFileChunks(outputPath, chunkFormatters.json(report, { color: false, width: 100 }));
const t4 = performance.now();
process.stdout.write(
  `${JSON.stringify({
    loadMs: t1 - t0,
    contextMs: t2 - t1,
    rulesMs: t3 - t2,
    reportMs: t4 - t3,
    totalMs: t4 - t0,
    processMs: performance.now(),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
    findings: report.findings.length,
    accounts: report.summary.accounts,
    edges: ctx.graph.to.length,
    outputBytes: statSync(outputPath).size,
  })}\n`,
);
