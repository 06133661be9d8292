/**
 * The head of an HTTP/1.1 response from a bound host, read by hand so that its body can go from
 * the upstream socket to the client without Node's HTTP client (which copies every body record
 * out of its parser). Strict: anything it does not understand is malformed, and the proxy answers
 * 502 without passing on a byte of the body.
 */

export interface ResponseHead {
  status: number;
  reason: string;
  /** Names and values in turn, as `IncomingMessage.rawHeaders`. */
  rawHeaders: string[];
  /** HTTP/1.1 without `Connection: close`: the socket may carry the next request. */
  keepAlive: boolean;
}

/** How the body of a response ends. */
export type BodyFraming = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export class MalformedResponse extends Error {}

/** A head larger than this is refused: Node's own client allows 16 KB. */
export const MAX_HEAD_BYTES = 64 * 1024;

/** Field values as Node accepts them when the proxy writes them on: tab, printable ASCII, and bytes above 0x7f. */
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d{2})(?: ([\t\x20-\x7e\x80-\xff]*))?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([\t\x20-\x7e\x80-\xff]*?)[ \t]*$/;
const END = Buffer.from('\r\n\r\n');

/** Where the head in `buffer` ends (after its blank line), or -1 while it is incomplete. */
export function headEnd(buffer: Buffer): number {
  const at = buffer.indexOf(END);
  if (at === -1) {
    if (buffer.length > MAX_HEAD_BYTES) throw new MalformedResponse('the response head is too large');
    return -1;
  }
  if (at + END.length > MAX_HEAD_BYTES) throw new MalformedResponse('the response head is too large');
  return at + END.length;
}

/** Parses a complete head (`buffer` up to `headEnd`). */
export function parseResponseHead(head: Buffer): ResponseHead {
  const lines = head.toString('latin1', 0, head.length - END.length).split('\r\n');
  const status = STATUS_LINE.exec(lines[0]);
  if (!status) throw new MalformedResponse('the status line is malformed');
  const rawHeaders: string[] = [];
  let close = status[1] === '0';
  for (const line of lines.slice(1)) {
    const header = HEADER_LINE.exec(line);
    if (!header) throw new MalformedResponse('a header line is malformed');
    rawHeaders.push(header[1], header[2]);
    if (header[1].toLowerCase() === 'connection') {
      const tokens = header[2]
        .toLowerCase()
        .split(',')
        .map((t) => t.trim());
      if (tokens.includes('close')) close = true;
    }
  }
  return { status: Number(status[2]), reason: status[3] ?? '', rawHeaders, keepAlive: !close };
}

/** The values of one header, lower-case name, in order. */
export function headerValues(head: ResponseHead, lowerName: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < head.rawHeaders.length; i += 2)
    if (head.rawHeaders[i].toLowerCase() === lowerName) values.push(head.rawHeaders[i + 1]);
  return values;
}

/** How the body ends (RFC 9112 section 6.3), for a response to `method`. */
export function bodyFraming(head: ResponseHead, method: string): BodyFraming {
  if (method === 'HEAD' || head.status < 200 || head.status === 204 || head.status === 304) return { kind: 'none' };
  const transfer = headerValues(head, 'transfer-encoding');
  if (transfer.length > 0) {
    // Both framings at once is how a response is split or smuggled (RFC 9112 section 6.3), and a
    // transfer coding but chunked (gzip, say) would carry a value back unread by the swap.
    if (headerValues(head, 'content-length').length > 0)
      throw new MalformedResponse('the response is framed by both a length and a transfer coding');
    const codings = transfer
      .join(',')
      .toLowerCase()
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (codings.length !== 1 || codings[0] !== 'chunked')
      throw new MalformedResponse(`the response's transfer coding is ${codings.join(', ')}, which the proxy cannot check`);
    return { kind: 'chunked' };
  }
  const lengths = headerValues(head, 'content-length').flatMap((v) => v.split(',').map((t) => t.trim()));
  if (lengths.length === 0) return { kind: 'close' };
  if (!lengths.every((l) => /^\d{1,15}$/.test(l) && l === lengths[0])) throw new MalformedResponse('the content length is malformed');
  return { kind: 'length', length: Number(lengths[0]) };
}
