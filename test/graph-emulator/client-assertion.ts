import { constants, createHash, verify, X509Certificate } from 'node:crypto';

const b64url = (buf: Buffer): string => buf.toString('base64url');

export const sha256Thumbprint = (pem: string): string => b64url(createHash('sha256').update(new X509Certificate(pem).raw).digest());

/**
 * Verifies an RFC 7523 client assertion the way Entra does: the `x5t#S256` header names a registered
 * certificate, the signature (PS256 or RS256) verifies with its public key, `iss` and `sub` are the
 * client id, `aud` is the token endpoint and the assertion has not expired. Returns why it fails, or undefined.
 */
export function assertionProblem(
  assertion: string,
  clientId: string,
  tokenEndpoint: string,
  certificates: readonly string[],
): string | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'AADSTS50027: JWT token is invalid or malformed.';
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'AADSTS50027: JWT token is invalid or malformed.';
  }
  const thumb = header['x5t#S256'] ?? header.x5t;
  const cert = certificates.find((c) => sha256Thumbprint(c) === thumb);
  if (!cert)
    return `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(thumb)}']`;
  const key = new X509Certificate(cert).publicKey;
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  const ok =
    header.alg === 'PS256'
      ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, sig)
      : header.alg === 'RS256'
        ? verify('sha256', data, key, sig)
        : false;
  if (!ok) return 'AADSTS700027: Client assertion failed signature validation.';
  if (payload.iss !== clientId || payload.sub !== clientId)
    return 'AADSTS700023: Client assertion issuer and subject must be the client id.';
  if (payload.aud !== tokenEndpoint)
    return `AADSTS700024: Client assertion audience claim does not match Realm issuer (${String(payload.aud)}).`;
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now())
    return 'AADSTS700024: Client assertion is not within its valid time range.';
  return undefined;
}
