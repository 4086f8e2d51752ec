import { afterEach, describe, expect, it, vi } from 'vitest';
import { serversAvailable } from '../helpers/ldap/availability.js';

describe('integration server availability', () => {
  const ci = process.env.CI;
  afterEach(() => {
    process.env.CI = ci;
    vi.restoreAllMocks();
  });

  it('skips with a printed reason on a machine without the servers', () => {
    process.env.CI = 'false';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(serversAvailable('demo suite', ['no-such-ldap-server-binary'])).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no-such-ldap-server-binary not installed'));
  });

  it('fails instead of skipping under CI=true', () => {
    process.env.CI = 'true';
    expect(() => serversAvailable('demo suite', ['no-such-ldap-server-binary'])).toThrow(/CI runs must have them/);
  });

  it('finds installed binaries', () => {
    expect(serversAvailable('demo suite', ['sh'])).toBe(true);
  });
});
