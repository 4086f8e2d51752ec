import { hostname, userInfo } from 'node:os';
import type { Collector } from '../model/source.js';

/** The operating-system user and host running demarc, as written to a snapshot header. */
export function currentCollector(env: Record<string, string | undefined> = process.env): Collector {
  let user = env.USER ?? env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the environment's name
  }
  return { user, host: hostname() };
}
