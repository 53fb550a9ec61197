import { mkdtempSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertService } from '../src/server/alerts/alert-service';
import { AlertStore } from '../src/server/alerts/alert-store';
import { createApp } from '../src/server/app';
import { Authenticator } from '../src/server/auth/authenticator';
import type { ConfigInput } from '../src/server/config/config-schema';
import { parseConfig } from '../src/server/config/load-config';
import { isLoopbackHost } from '../src/server/config/loopback';
import { HostAllowList } from '../src/server/http/host-allow-list';
import { StartLimiter } from '../src/server/http/start-limiter';
import { ScheduleStore } from '../src/server/schedule/schedule-store';
import type { InstanceSource } from '../src/server/sources/instance-source';
import { SourceRegistry } from '../src/server/sources/source-registry';
import { openDatabase } from '../src/server/store/sqlite-database';
import { type RawRequest, type RawResponse, responseOf } from './raw-http';

export interface InProcessBffOptions {
  sources?: InstanceSource[];
  auth?: ConfigInput['auth'];
  startsPerMinute?: number;
  /** The HOST the BFF is told it listens on: a loopback one allows auth mode none and cookies without Secure. */
  host?: string;
  /** Secrets the configuration names (auth tokens). */
  env?: Record<string, string>;
  staticDir?: string;
}

/**
 * The BFF's app (`createApp`) answering requests in the test's own process, through `app.request()`: no port,
 * no socket, no HTTP parser. For routing, validation, roles and error shapes; what Node's parser and the
 * HTTP adapter do with raw bytes is for a listening BFF (`startDashboard`).
 */
export interface InProcessBff {
  /** The origin requests are addressed to (nothing listens there): requests carry it as their Host. */
  url: string;
  /** A request as `rawRequest` sends it; `localAddress` is the address the app sees the request come from. */
  request(options: RawRequest): Promise<RawResponse>;
  /** `fetch` for clients written against one (the API client), from 127.0.0.1. */
  fetch: typeof fetch;
  close(): Promise<void>;
}

const ORIGIN = 'http://127.0.0.1:8080';

/** What @hono/node-server hands the app about the connection; getConnInfo reads the peer address from it. */
const connection = (remoteAddress: string) => ({
  incoming: {
    socket: { remoteAddress, remotePort: 50_000, remoteFamily: isIP(remoteAddress) === 6 ? 'IPv6' : 'IPv4' },
  },
});

export function startInProcessBff(options: InProcessBffOptions = {}): InProcessBff {
  const host = options.host ?? '127.0.0.1';
  const config = parseConfig(
    { auth: options.auth, startsPerMinute: options.startsPerMinute, sources: [] },
    'in-process test',
  );
  const registry = new SourceRegistry(options.sources ?? []);
  const dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-in-process-'));
  // The BFF's own schedules, alerts and sessions, in a scratch SQLite file: their routes exist only with them.
  const db = openDatabase(dataDir);
  const authenticator = new Authenticator(config.auth, host, options.env);
  authenticator.useStore(db);
  const alerts = new AlertService({
    store: new AlertStore(db),
    webhook: undefined,
    describeInstance: async (id) => (await registry.resolve(id)).getInstance(id),
    taskUrl: (id, taskId) => `${ORIGIN}/instances/${id}/tasks/${taskId}`,
  });
  const app = createApp({
    registry,
    hosts: new HostAllowList({ host, port: () => Number(new URL(ORIGIN).port), allowedHosts: config.allowedHosts }),
    authenticator,
    startLimiter: new StartLimiter(config.startsPerMinute),
    insecureCookies: isLoopbackHost(host),
    staticDir: options.staticDir,
    health: async () => ({ status: 'ok', sources: await registry.health() }),
    schedules: new ScheduleStore(db),
    alerts,
  });

  const answer = async (request: Request, remoteAddress = '127.0.0.1'): Promise<Response> => {
    // An HTTP/1.1 client always sends Host; the state-change rules compare Origin with it.
    if (!request.headers.has('host')) request.headers.set('host', new URL(request.url).host);
    return app.request(request, undefined, connection(remoteAddress));
  };

  return {
    url: ORIGIN,
    async request({ method = 'GET', path, headers = {}, body, localAddress }) {
      const sent = new Headers();
      for (const [name, value] of Object.entries(headers)) {
        for (const one of Array.isArray(value) ? value : [value]) sent.append(name, one);
      }
      // undici's RequestInit has `duplex`, needed for a streamed body; the DOM typings lack it
      const init: RequestInit & { duplex?: 'half' } = { method, headers: sent };
      if (body !== undefined) {
        const bytes = new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body);
        // Framed as node:http frames it: a length, unless the request says it is chunked.
        if (sent.get('transfer-encoding') === 'chunked') {
          Object.assign(init, { body: new Blob([bytes]).stream(), duplex: 'half' });
        } else {
          if (!sent.has('content-length')) sent.set('content-length', String(bytes.byteLength));
          init.body = bytes;
        }
      }
      const request = new Request(`${ORIGIN}${path}`, init);
      return responseOf(await answer(request, localAddress));
    },
    fetch: async (input, init) => answer(new Request(input, init)),
    async close() {
      await alerts.close();
      await registry.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
