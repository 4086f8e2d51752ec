import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InputError, errorMessage, fileErrorCode } from './errors.js';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const HINT =
  'a CA file is PEM text of one or more "-----BEGIN CERTIFICATE-----" blocks (RFC 7468 section 5), e.g. the issuing CA exported as Base-64 X.509 (.cer)';

/**
 * Checks a CA file when the configuration is read, not when a connection is made: it must be PEM
 * (RFC 7468) holding only certificates, each parsing as X.509. A private key in it is refused: a CA
 * file is public, and the key of a certificate never belongs beside the configuration.
 */
export async function checkCaFile(path: string, namedAt: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'latin1');
  } catch (e) {
    throw new InputError(`cannot read the CA file named at ${namedAt}: ${fileErrorCode(e)}`, { file: path });
  }
  const fail = (message: string, line?: number): never => {
    throw new InputError(`${message} (the CA file named at ${namedAt})`, { file: path, line }, HINT);
  };
  if (text.trim() === '') fail('the CA file is empty: no PEM certificate in it');
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  let certificates = 0;
  for (const m of text.matchAll(BLOCK)) {
    const label = m[1]!;
    if (/PRIVATE KEY/.test(label)) fail(`a ${label} block, not a certificate: a CA file holds certificates only`, lineOf(m.index));
    if (label !== 'CERTIFICATE' && label !== 'TRUSTED CERTIFICATE') fail(`a ${label} block, not a certificate`, lineOf(m.index));
    const body = m[2]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) fail('a certificate block whose body is not base64', lineOf(m.index));
    try {
      new X509Certificate(m[0]);
    } catch (e) {
      fail(`a certificate block that does not parse as an X.509 certificate (${errorMessage(e)})`, lineOf(m.index));
    }
    certificates++;
  }
  if (certificates === 0) fail('not PEM: no "-----BEGIN CERTIFICATE-----" block in the CA file');
}
