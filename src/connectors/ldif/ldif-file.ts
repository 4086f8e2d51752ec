import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { InputError, fileErrorCode } from '../../util/errors.js';
import { textProblem } from '../../util/text-bytes.js';

/** Bytes read at a time: large enough that a read is cheap, small enough that no file is ever one string. */
const CHUNK = 8 << 20;

/** Opens an export for reading; a file that cannot be opened is the configuration's error. */
async function openLdif(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (e) {
    throw new InputError(`cannot read LDIF file: ${fileErrorCode(e)}`, { file: path });
  }
}

/** The next piece of the file into `buf`: its length, 0 at the end. */
async function readPiece(file: FileHandle, buf: Buffer, path: string): Promise<number> {
  try {
    return (await file.read(buf, 0, buf.length, null)).bytesRead;
  } catch (e) {
    throw new InputError(`cannot read LDIF file: ${fileErrorCode(e)}`, { file: path });
  }
}

/**
 * Reads an LDIF file in pieces of whole lines, decoded, and gives each to `onText` in file order: UTF-8
 * (with or without BOM) or UTF-16LE with BOM (`ldifde -u`). UTF-8 must be well formed (RFC 3629) and hold
 * no NUL (RFC 2849: SAFE-CHAR excludes NUL; a value holding one is base64): either is an input error
 * naming line and column. Reading in pieces keeps a file of any size under V8's string limit (~512 MiB)
 * and lets each piece be parsed and dropped. Returns the SHA-256 of the bytes read.
 */
export async function readLdifFile(path: string, onText: (text: string) => void, chunk = CHUNK): Promise<{ sha256: string }> {
  const hash = createHash('sha256');
  const file = await openLdif(path);
  try {
    let carry: Buffer = Buffer.alloc(0);
    const utf16 = (await hasUtf16Bom(file)) ? new StringDecoder('utf16le') : undefined;
    let bomPending = utf16 !== undefined;
    let textCarry = '';
    /** Lines before the piece being checked, for the line numbers of an encoding error. */
    let linesBefore = 0;
    let emitted = false;
    for (;;) {
      // A new buffer each time: the text decoded from it may be kept by what the parser makes of it.
      const buf = Buffer.allocUnsafe(chunk);
      const got = await readPiece(file, buf, path);
      const eof = got === 0;
      const data = buf.subarray(0, got);
      hash.update(data);
      if (utf16) {
        // The decoder keeps an odd byte or half a surrogate pair for the next piece.
        let text = textCarry + (eof ? utf16.end() : utf16.write(data));
        if (bomPending && text.length) {
          text = text.slice(1); // the byte-order mark
          bomPending = false;
        }
        const cut = eof ? text.length : text.lastIndexOf('\n') + 1;
        if (cut > 0) onText(text.slice(0, cut));
        textCarry = text.slice(cut);
      } else {
        const all = carry.length ? Buffer.concat([carry, data]) : data;
        // Cut after the last line end: a UTF-8 sequence never holds 0x0A, so no character is split.
        const cut = eof ? all.length : all.lastIndexOf(0x0a) + 1;
        const piece = all.subarray(0, cut);
        carry = Buffer.from(all.subarray(cut));
        if (piece.length) {
          const problem = textProblem(piece, path, 'the LDIF export', { linesBefore, atStart: !emitted });
          if (problem) throw problem;
          let text = piece.toString('utf8');
          if (!emitted && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          emitted = true;
          for (let p = piece.indexOf(0x0a); p >= 0; p = piece.indexOf(0x0a, p + 1)) linesBefore++;
          onText(text);
        }
      }
      if (eof) break;
    }
  } finally {
    await file.close();
  }
  return { sha256: hash.digest('hex') };
}

/** True when the file starts with the UTF-16LE byte-order mark (read in place: the file position stays at 0). */
async function hasUtf16Bom(file: FileHandle): Promise<boolean> {
  const head = Buffer.alloc(2);
  const { bytesRead } = await file.read(head, 0, 2, 0);
  return bytesRead === 2 && head[0] === 0xff && head[1] === 0xfe;
}

/** Attributes whose presence on any entry makes an export Active Directory's (flavor: auto). */
const AD_MARKER = /^(?:objectguid|objectsid|samaccountname):/im;

/**
 * True when some entry of the file carries objectGUID, objectSid or sAMAccountName. An attribute line
 * starts a physical line (RFC 2849: continuation lines start with a space, comments with "#"), so a
 * look at the starts of lines is exact; the file is read as Latin-1, which no byte can fail (the
 * markers are ASCII), or as UTF-16LE after its byte-order mark.
 */
export async function hasActiveDirectoryMarkers(path: string, chunk = CHUNK): Promise<boolean> {
  let found = false;
  let tail = '';
  const file = await openLdif(path);
  try {
    const buf = Buffer.allocUnsafe(chunk);
    const utf16 = (await hasUtf16Bom(file)) ? new StringDecoder('utf16le') : undefined;
    for (;;) {
      const bytesRead = await readPiece(file, buf, path);
      if (bytesRead === 0) break;
      const text = tail + (utf16 ? utf16.write(buf.subarray(0, bytesRead)) : buf.toString('latin1', 0, bytesRead));
      if (AD_MARKER.test(text)) {
        found = true;
        break;
      }
      // The last line may go on in the next piece: look at it again then.
      tail = text.slice(text.lastIndexOf('\n') + 1);
    }
  } finally {
    await file.close();
  }
  return found;
}
