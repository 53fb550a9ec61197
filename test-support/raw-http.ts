import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawRequest {
  method?: string;
  /** Sent exactly as given: fetch would normalise `..`, `%2e%2e` and backslashes before they reach the BFF. */
  path: string;
  /** A list sends the header once per value, as a proxy that appends would. */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** The client's source address, e.g. 127.0.0.2 to call as the trusted proxy. */
  localAddress?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fetch Response in the shape of the others: header names in lower case, Set-Cookie as a list like node:http's. */
export async function responseOf(response: Response): Promise<RawResponse> {
  const headers: RawResponse['headers'] = Object.fromEntries(response.headers);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const text = await response.text();
  return { status: response.status, headers, text, json: jsonOrUndefined(text) };
}

/** One HTTP/1.1 request over node:http, for tests that must control the bytes or the source address. */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const headers = { ...options.headers };
  // node:http frames a DELETE or OPTIONS body only when told its length; unframed, it would be a second request.
  if (options.body !== undefined && !headers['transfer-encoding'] && !headers['content-length']) {
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        localAddress: options.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: jsonOrUndefined(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Bytes no HTTP client would send (a raw NUL, a 20 KiB request line), written to a socket as they are. */
export function rawBytes(baseUrl: string, bytes: string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(Buffer.from(bytes, 'latin1')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...body] = answer.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      const text = body.join('\r\n\r\n');
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text, json: jsonOrUndefined(text) });
    });
  });
}
