import { randomUUID } from 'node:crypto';

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Graph's error body: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): EmulatorResponse {
  const id = randomUUID();
  return {
    status,
    headers,
    body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': id, 'client-request-id': id } } },
  };
}

export const forbidden = (permission: string): EmulatorResponse =>
  graphError(
    403,
    'Authorization_RequestDenied',
    `Insufficient privileges to complete the operation. Missing application permission: ${permission}.`,
  );

export const notFound = (path: string): EmulatorResponse =>
  graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${path}' does not exist or one of its queried reference-property objects are not present.`,
  );

export const badRequest = (message: string, code = 'BadRequest'): EmulatorResponse => graphError(400, code, message);
