import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectContext } from '../../src/connectors/connector.js';
import { EntraSourceConfig } from '../../src/connectors/entra/config.js';
import { entraConnector } from '../../src/connectors/entra/entra-connector.js';
import type { CollectedSource } from '../../src/model/collected.js';
import { pkiDir } from '../graph-emulator/server.js';
import type { GraphEmulator } from '../graph-emulator/server.js';

export interface LogLine {
  level: string;
  message: string;
}

/** A collection context as the CLI would build it; paths in configs resolve against the PKI fixture folder. */
export function testContext(env: Record<string, string | undefined> = {}, stateDir?: string): CollectContext & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    baseDir: pkiDir,
    now: new Date('2026-01-15T12:00:00Z'),
    timeZone: 'America/Chicago',
    ...(stateDir ? { stateDir } : {}),
    progress: (message) => lines.push({ level: 'progress', message }),
    log: (level, message) => lines.push({ level, message }),
    env,
    lines,
  };
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'demarc-entra-'));

/** The configuration a user of a private cloud writes: custom authority and Graph hosts plus a CA file. */
export function customCloudConfig(emulator: GraphEmulator, fields: Record<string, unknown>): EntraSourceConfig {
  return EntraSourceConfig.parse({
    kind: 'entra',
    cloud: 'custom',
    authorityHost: emulator.url,
    graphEndpoint: emulator.url,
    caFile: 'ca.pem',
    ...fields,
  });
}

export const collect = (config: EntraSourceConfig, ctx: CollectContext): Promise<CollectedSource> => entraConnector.collect(config, ctx);

/** The snapshot without what legitimately differs between runs (times and request statistics). */
export function comparable(c: CollectedSource): unknown {
  const { collectedAt: _t, stats: _s, ...source } = c.source;
  return { ...c, source };
}
