import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DeltaService, type DeltaLimits } from './delta-rounds.js';
import { FaultPlan, type FaultSettings } from './faults.js';
import { badRequest, graphError, type EmulatorResponse } from './graph-errors.js';
import { GraphRoutes } from './graph-routes.js';
import { parseQuery } from './odata.js';
import type { EmulatedTenant } from './tenant-model.js';
import { issueToken, type IssuedToken, type TokenSettings } from './token-endpoint.js';

export const pkiDir = fileURLToPath(new URL('../../fixtures/entra/pki/', import.meta.url));
export const pkiFile = (name: string): string => `${pkiDir}${name}`;

export interface EmulatorOptions {
  tenants: EmulatedTenant[];
  token?: Partial<TokenSettings>;
  faults?: FaultSettings;
  /** Added before every answer (token and Graph), to model network and service time. */
  latencyMs?: number;
  delta?: Partial<DeltaLimits>;
}

export interface EmulatorCounters {
  graphRequests: number;
  /** Every Graph request served (path and query, decoded; inner `$batch` requests too), in order of arrival. */
  log: string[];
  tokenRequests: number;
  batchInnerRequests: number;
  byPath: Map<string, number>;
  faults: number;
}

export interface GraphEmulator {
  /** https://127.0.0.1:<port> : the login host and the Graph host of the custom cloud. */
  url: string;
  counters: EmulatorCounters;
  tenants: EmulatedTenant[];
  setFaults(f: FaultSettings | undefined): void;
  expireDeltaLinks(): void;
  close(): Promise<void>;
}

const send = (res: ServerResponse, r: EmulatorResponse): void => {
  const body = JSON.stringify(r.body);
  res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
  res.end(body);
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An HTTPS Microsoft Graph and Entra token endpoint on loopback, serving tenants from fixtures. */
export async function startGraphEmulator(options: EmulatorOptions): Promise<GraphEmulator> {
  const tokenSettings: TokenSettings = { lifetimeSec: 3599, validSec: 3599, resources: [], ...options.token };
  const tokens = new Map<string, IssuedToken>();
  const delta = new DeltaService({ objects: 200, links: 500, ...options.delta });
  const routes = new GraphRoutes(delta);
  let faults = options.faults ? new FaultPlan(options.faults) : undefined;
  const counters: EmulatorCounters = { graphRequests: 0, log: [], tokenRequests: 0, batchInnerRequests: 0, byPath: new Map(), faults: 0 };
  let origin = '';

  const graph = (token: IssuedToken, method: string, rawUrl: string, body: string): EmulatorResponse => {
    const url = new URL(rawUrl, `${origin}/v1.0/`);
    const path = url.pathname.replace(/^\/v1\.0/, '').replace(/\/+$/, '');
    counters.log.push(decodeURIComponent(`${path}${url.search}`));
    counters.byPath.set(path.replace(/[0-9a-f-]{36}/g, '{id}'), (counters.byPath.get(path.replace(/[0-9a-f-]{36}/g, '{id}')) ?? 0) + 1);
    if (method === 'POST' && path === '/$batch') return batch(token, body);
    if (method !== 'GET') return graphError(405, 'Request_BadRequest', 'Only GET is served: the emulated directory is read-only.');
    const tenant = options.tenants.find((t) => t.id === token.tenantId)!;
    return routes.handle({ tenant, permissions: token.permissions, path, query: parseQuery(url.searchParams), root: `${origin}/v1.0` });
  };

  const batch = (token: IssuedToken, body: string): EmulatorResponse => {
    let requests: { id: string; method: string; url: string }[];
    try {
      requests = (JSON.parse(body) as { requests: typeof requests }).requests;
    } catch {
      return badRequest('Invalid batch payload format.');
    }
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > 20)
      return badRequest('Invalid batch payload: between 1 and 20 requests are allowed.');
    const responses = requests.map((r) => {
      counters.batchInnerRequests++;
      if (faults?.nextInner()) {
        counters.faults++;
        const e = graphError(429, 'TooManyRequests', 'Too many requests.', { 'Retry-After': String(faults.settings.retryAfterSec ?? 1) });
        return { id: r.id, status: e.status, headers: e.headers, body: e.body };
      }
      const rel = r.url.startsWith('/') ? r.url.slice(1) : r.url;
      const inner = graph(token, r.method, rel, '');
      return { id: r.id, status: inner.status, headers: { 'content-type': 'application/json' }, body: inner.body };
    });
    return { status: 200, body: { responses } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (options.latencyMs) await delay(options.latencyMs);
    const url = new URL(req.url ?? '/', origin);
    const tokenPath = url.pathname.match(/^\/([^/]+)\/oauth2\/v2\.0\/token$/);
    if (req.method === 'POST' && tokenPath) {
      counters.tokenRequests++;
      return send(
        res,
        issueToken(
          options.tenants,
          decodeURIComponent(tokenPath[1]!),
          new URLSearchParams(body),
          `${origin}${url.pathname}`,
          tokenSettings,
          tokens,
        ),
      );
    }
    if (!url.pathname.startsWith('/v1.0/')) return send(res, graphError(404, 'NotFound', 'Unknown path.'));
    counters.graphRequests++;
    const fault =
      faults && (!faults.settings.only || faults.settings.only.test(decodeURIComponent(url.pathname + url.search)))
        ? faults.next()
        : undefined;
    if (fault) counters.faults++;
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'throttle')
      return send(
        res,
        graphError(429, 'TooManyRequests', 'Too many requests.', { 'Retry-After': String(faults!.settings.retryAfterSec ?? 1) }),
      );
    if (fault === 'unavailable') return send(res, graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.'));
    if (fault === 'slow') await delay(faults!.settings.slowMs ?? 2000);
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const token = bearer ? tokens.get(bearer) : undefined;
    if (!token) return send(res, graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.'));
    if (token.validUntil < Date.now())
      return send(res, graphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.'));
    send(res, graph(token, req.method ?? 'GET', `${url.pathname}${url.search}`, body));
  };

  const server: Server = createServer(
    { key: readFileSync(pkiFile('server-key.pem')), cert: readFileSync(pkiFile('server.pem')) },
    (req, res) => {
      handle(req, res).catch((e: unknown) => send(res, graphError(500, 'InternalServerError', String(e))));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The emulator's own URL is the resource a token is asked for unless the test names others.
  if (!options.token?.resources?.length) tokenSettings.resources = [origin];

  return {
    url: origin,
    counters,
    tenants: options.tenants,
    setFaults: (f) => {
      faults = f ? new FaultPlan(f) : undefined;
    },
    expireDeltaLinks: () => delta.expireAll(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
