import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Who the proxy says a request comes from, as oauth2-proxy does after its own sign-in. */
export interface ProxyIdentity {
  user: string;
  email: string;
  groups: string[];
}

export interface IdentityProxy {
  url: string;
  close(): Promise<void>;
}

/** The spec picks the identity per browser context with this header (context.setExtraHTTPHeaders). */
export const IDENTITY_HEADER = 'x-test-identity';

/** oauth2-proxy overwrites these; a client must never get its own values through. */
const IDENTITY_HEADERS = [
  'x-forwarded-user',
  'x-forwarded-email',
  'x-forwarded-groups',
  'x-forwarded-preferred-username',
];

function forwardedHeaders(incoming: IncomingHttpHeaders, identity: ProxyIdentity): IncomingHttpHeaders {
  const headers = { ...incoming };
  for (const name of [...IDENTITY_HEADERS, IDENTITY_HEADER]) delete headers[name];
  return {
    ...headers,
    'x-forwarded-user': identity.user,
    'x-forwarded-email': identity.email,
    'x-forwarded-groups': identity.groups.join(','),
  };
}

/**
 * A stand-in for oauth2-proxy in front of the BFF: listens on 127.0.0.1, forwards from 127.0.0.2 (the one
 * address the BFF trusts), and sets X-Forwarded-User/Email/Groups for the identity the request names.
 * A request naming nobody gets 401, as a proxy would send it to its sign-in page.
 */
export async function startIdentityProxy(
  target: string,
  identities: Record<string, ProxyIdentity>,
  localAddress = '127.0.0.2',
  /** Known before the BFF starts, so that it can be the BFF's publicUrl (0: any free port). */
  listenPort = 0,
): Promise<IdentityProxy> {
  const { hostname, port } = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const identity = identities[String(incoming.headers[IDENTITY_HEADER])];
    if (!identity) {
      outgoing.writeHead(401, { 'content-type': 'text/plain' }).end('sign in at the proxy first');
      return;
    }
    const upstream = request(
      {
        host: hostname,
        port,
        localAddress,
        method: incoming.method,
        path: incoming.url,
        headers: forwardedHeaders(incoming.headers, identity),
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
