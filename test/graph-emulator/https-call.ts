import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { pkiFile, type GraphEmulator } from './server.js';

const agent = new Agent({ ca: readFileSync(pkiFile('ca.pem')) });

export interface CallResult {
  status: number;
  // Graph's answers are JSON of many shapes; tests read what they assert.
  json: any;
}

/** One HTTPS request to the emulator, trusting its test CA. */
export function call(url: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** A client-credentials token from the emulator, as msal would ask for it. */
export async function tokenFor(emu: GraphEmulator, tenant: string, clientId: string, secret: string): Promise<string> {
  const r = await call(
    `${emu.url}/${tenant}/oauth2/v2.0/token`,
    'POST',
    { 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      scope: `${emu.url}/.default`,
    }).toString(),
  );
  if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.access_token as string;
}
