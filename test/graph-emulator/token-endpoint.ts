import { randomBytes, randomUUID } from 'node:crypto';
import { assertionProblem } from './client-assertion.js';
import type { EmulatorResponse } from './graph-errors.js';
import type { EmulatedTenant } from './tenant-model.js';

export interface IssuedToken {
  tenantId: string;
  clientId: string;
  permissions: readonly string[];
  validUntil: number;
}

export interface TokenSettings {
  /** `expires_in` announced to the client. */
  lifetimeSec: number;
  /** How long Graph really accepts the token (shorter than announced to test renewal on 401). */
  validSec: number;
  /** Resources (application ID URIs) a token may be asked for, as `<resource>/.default`; default: the emulator's URL. */
  resources: readonly string[];
}

const aadError = (status: number, error: string, code: number, description: string): EmulatorResponse => ({
  status,
  body: {
    error,
    error_description: `${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  },
});

/** POST /{tenant}/oauth2/v2.0/token with grant_type=client_credentials (secret or certificate assertion). */
export function issueToken(
  tenants: readonly EmulatedTenant[],
  tenantRef: string,
  form: URLSearchParams,
  tokenEndpoint: string,
  settings: TokenSettings,
  store: Map<string, IssuedToken>,
): EmulatorResponse {
  const tenant = tenants.find((t) => t.id === tenantRef || t.domains.includes(tenantRef.toLowerCase()));
  if (!tenant) {
    return aadError(
      400,
      'invalid_request',
      90002,
      `AADSTS90002: Tenant '${tenantRef}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  if (form.get('grant_type') !== 'client_credentials')
    return aadError(400, 'unsupported_grant_type', 70003, 'AADSTS70003: The app requested an unsupported grant type.');
  if (!form.get('scope')?.endsWith('/.default'))
    return aadError(
      400,
      'invalid_scope',
      1002012,
      'AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
    );
  const resource = form.get('scope')!.slice(0, -'/.default'.length).replace(/\/+$/, '');
  if (!settings.resources.some((r) => r.replace(/\/+$/, '') === resource))
    // https://learn.microsoft.com/entra/identity-platform/reference-error-codes: AADSTS500011 InvalidResourceServicePrincipalNotFound.
    return aadError(
      400,
      'invalid_resource',
      500011,
      `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
  const clientId = form.get('client_id') ?? '';
  const app = tenant.apps.find((a) => a.clientId === clientId);
  if (!app) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'.`,
    );
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (!app.secret || secret !== app.secret) {
      return aadError(
        401,
        'invalid_client',
        7000215,
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
  } else if (assertion !== null) {
    const problem = assertionProblem(assertion, clientId, tokenEndpoint, app.certificates ?? []);
    if (problem) return aadError(401, 'invalid_client', Number(problem.match(/AADSTS(\d+)/)?.[1] ?? 700027), problem);
  } else {
    return aadError(
      401,
      'invalid_client',
      7000218,
      "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const token = randomBytes(24).toString('base64url');
  store.set(token, { tenantId: tenant.id, clientId, permissions: app.permissions, validUntil: Date.now() + settings.validSec * 1000 });
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: settings.lifetimeSec, ext_expires_in: settings.lifetimeSec, access_token: token },
  };
}
