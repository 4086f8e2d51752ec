import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { BindRequest, ExtendedRequest, FilterParser, PagedResultsControl, SearchRequest, StatusCodeParser, UnbindRequest } from 'ldapts';
import type { RawEntry } from '../normalize/raw-entry.js';
import { peekTlv } from './ber.js';
import { SdFlagsControl } from './sd-flags-control.js';
import { decodeResponse, TAG, type LdapResult, type Response } from './responses.js';

const STARTTLS_OID = '1.3.6.1.4.1.1466.20037';

/** An ldapts request message: encodes itself to BER. */
interface Encodable {
  write(): Buffer;
}

export interface OpenOptions {
  url: string;
  connectTimeoutMs: number;
  operationTimeoutMs: number;
  /** For ldaps:// (and StartTLS). */
  tls?: ConnectionOptions;
}

export interface SearchSpec {
  base: string;
  scope: 'base' | 'sub';
  filter: string;
  attributes: string[];
  timeLimit: number;
  /** Lower-case names of attributes whose values are binary (returned as Buffers). */
  binary?: ReadonlySet<string>;
  /** Sends the SD flags control with these flags (which parts of nTSecurityDescriptor to return). */
  sdFlags?: number;
}

export interface SearchHandlers {
  entry: (e: RawEntry) => void;
  reference?: (url: string) => void;
  /** After each page of a paged search: for progress and cancellation. */
  page?: () => void;
}

interface Pending {
  id: number;
  binary: ReadonlySet<string>;
  onMessage: (r: Response) => void;
  resolve: (r: LdapResult & { pagedCookie?: Buffer }) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const NO_BINARY: ReadonlySet<string> = new Set();

/** A result code other than success, as the ldapts error class for it (so failures classify the same). */
const resultError = (r: LdapResult): Error => {
  const err = StatusCodeParser.parse({ status: r.code, errorMessage: r.message } as never);
  return r.referrals.length ? Object.assign(err, { message: `${err.message} (${r.referrals.join(', ')})` }) : err;
};

/**
 * One LDAP connection that sends bind, search (paged, and with the SD flags control when asked), unbind
 * and StartTLS, and nothing else.
 * Responses are decoded as they arrive and search entries handed on one by one, so a page of
 * results is never held in memory in raw form. Requests are encoded by ldapts.
 */
export class LdapConnection {
  private socket: Socket | TLSSocket;
  private buf: Buffer = Buffer.alloc(0);
  private pending?: Pending;
  private nextId = 0;
  private closedError?: Error;

  private constructor(socket: Socket | TLSSocket) {
    this.socket = socket;
    this.attach(socket);
  }

  static open(o: OpenOptions): Promise<LdapConnection> {
    const u = new URL(o.url);
    const secure = u.protocol === 'ldaps:';
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const port = Number(u.port || (secure ? 636 : 389));
    return new Promise((resolve, reject) => {
      const socket = secure ? tlsConnect({ ...o.tls, host, port }) : netConnect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`Connection timeout: no ${secure ? 'TLS handshake' : 'TCP connection'} within ${o.connectTimeoutMs} ms`));
      }, o.connectTimeoutMs);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new LdapConnection(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        socket.destroy();
        reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: Error) => this.fail(e));
    socket.on('close', () => this.fail(new Error('Connection closed before message response was received')));
  }

  private fail(e: Error): void {
    this.closedError ??= e;
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.reject(e instanceof Error ? e : new Error(String(e)));
  }

  private onData(chunk: Buffer): void {
    let buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let pos = 0;
    try {
      for (;;) {
        const msg = peekTlv(buf, pos);
        if (!msg) break;
        if (msg.tag !== TAG.sequence) throw new Error(`Malformed LDAP response: tag 0x${msg.tag.toString(16)}`);
        pos = msg.end;
        const p = this.pending;
        const r = decodeResponse(buf, msg, p?.binary ?? NO_BINARY);
        if (r.id === 0)
          throw new Error(`Connection closed by the server: ${r.kind === 'done' ? r.result.message : 'notice of disconnection'}`);
        if (p && r.id === p.id) p.onMessage(r);
      }
    } catch (e) {
      this.fail(e as Error);
      this.socket.destroy();
      buf = Buffer.alloc(0);
      pos = 0;
    }
    this.buf = pos < buf.length ? buf.subarray(pos) : Buffer.alloc(0);
  }

  /** Sends a request and waits for its final response; intermediate ones go to `onMessage`. */
  private request(
    what: string,
    build: (id: number) => Encodable,
    timeoutMs: number,
    onMessage: (r: Response) => void = () => {},
    binary: ReadonlySet<string> = NO_BINARY,
  ): Promise<LdapResult & { pagedCookie?: Buffer }> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`${what}: Operation timed out after ${timeoutMs} ms`));
        this.socket.destroy();
      }, timeoutMs);
      this.pending = {
        id,
        binary,
        timer,
        reject,
        resolve,
        onMessage: (r) => {
          if (r.kind !== 'done') return onMessage(r);
          clearTimeout(timer);
          this.pending = undefined;
          resolve({ ...r.result, pagedCookie: r.pagedCookie });
        },
      };
      this.socket.write(build(id).write());
    });
  }

  async startTls(tls: ConnectionOptions, timeoutMs: number): Promise<void> {
    const r = await this.request('StartTLS', (messageId) => new ExtendedRequest({ messageId, oid: STARTTLS_OID }), timeoutMs);
    if (r.code !== 0) throw resultError(r);
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ ...tls, socket: plain });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`Connection timeout: no TLS handshake after StartTLS within ${timeoutMs} ms`));
      }, timeoutMs);
      s.once('secureConnect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        s.destroy();
        reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
    this.socket = secure;
    this.attach(secure);
  }

  async bind(dn: string, password: string, timeoutMs: number): Promise<void> {
    const r = await this.request('BindRequest', (messageId) => new BindRequest({ messageId, dn, password }), timeoutMs);
    if (r.code !== 0) throw resultError(r);
  }

  /** A search, paged when `pageSize` is given; each page is its own request with its own timeout. */
  async search(spec: SearchSpec, handlers: SearchHandlers, timeoutMs: number, pageSize?: number): Promise<void> {
    const filter = FilterParser.parseString(spec.filter);
    let cookie: Buffer | undefined;
    const onMessage = (r: Response) => {
      if (r.kind === 'entry') handlers.entry(r.entry);
      else if (r.kind === 'reference') for (const url of r.urls) handlers.reference?.(url);
    };
    do {
      const controls = [
        ...(pageSize ? [new PagedResultsControl({ value: { size: pageSize, cookie } })] : []),
        ...(spec.sdFlags !== undefined ? [new SdFlagsControl(spec.sdFlags)] : []),
      ];
      const r = await this.request(
        'SearchRequest',
        (messageId) =>
          new SearchRequest({
            messageId,
            baseDN: spec.base,
            scope: spec.scope,
            filter,
            attributes: spec.attributes,
            timeLimit: spec.timeLimit,
            controls: controls.length ? controls : undefined,
          }),
        timeoutMs,
        onMessage,
        spec.binary,
      );
      if (r.code !== 0) throw resultError(r);
      cookie = pageSize && r.pagedCookie?.length ? r.pagedCookie : undefined;
      handlers.page?.();
    } while (cookie);
  }

  /** A small search whose entries are returned together (rootDSE, one group's member range). */
  async searchAll(spec: SearchSpec, timeoutMs: number): Promise<RawEntry[]> {
    const entries: RawEntry[] = [];
    await this.search(spec, { entry: (e) => entries.push(e) }, timeoutMs);
    return entries;
  }

  /** Sends an unbind request (when still connected) and closes; never throws. */
  close(): void {
    try {
      if (!this.closedError && !this.socket.destroyed) {
        this.socket.write(new UnbindRequest({ messageId: ++this.nextId }).write());
        this.closedError = new Error('Connection closed by the client');
        this.socket.end();
      }
    } catch {
      // closing anyway
    }
    const s = this.socket;
    setTimeout(() => s.destroy(), 1000).unref();
  }
}
