import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ALL_CONTRACT_INSTANCES,
  CONTRACT_INSTANCES,
  CONTRACT_PROJECT_ID,
  instanceConfigs,
  listEntry,
  showInstance,
  supportsHotkeys,
  type ContractInstance,
} from './contract-instances';
import {
  TokenBook,
  verifySignature,
  type ContractCredentials,
  type ContractIamUser,
  type GatewayRejection,
} from './gateway-auth';
import { seededRandom } from '../../src/server/local-redis/seeded-random';
import { TaskRecords, type TaskTiming } from './task-records';

export { ALL_CONTRACT_INSTANCES, CONTRACT_INSTANCES, CONTRACT_PROJECT_ID, type ContractInstance };
export { MAX_RECORDS } from './task-records';

/**
 * A stand-in for the DCS API and its gateway, for tests only (never a default of the product): the
 * documented routes and shapes on loopback, every request's signature or token checked, tasks walking
 * waiting -> running -> success, and faults on request through `control`.
 */

export const CONTRACT_CREDENTIALS: ContractCredentials = {
  ak: 'CONTRACTAKX7Q2M9ZL4WPN',
  sk: 'contract-sk-Vt93hQe1Lr6Yz0Pb8Kd2',
};
export const CONTRACT_IAM_USER: ContractIamUser = {
  domain: 'contract-domain',
  user: 'contract-user',
  password: 'contract-password-Jx81Rw',
};

export type DcsOperation =
  | 'ListInstances'
  | 'ShowInstance'
  | 'ListConfigurations'
  | 'CreateHotkeyScanTask'
  | 'ListHotKeyScanTasks'
  | 'ShowHotkeyTaskDetails'
  | 'DeleteHotkeyScanTask'
  | 'ShowHotkeyAutoscanConfig'
  | 'UpdateHotkeyAutoScanConfig';

export const IAM_OPERATION = 'KeystoneCreateUserTokenByPassword';

export type DcsFault =
  /** 500 with a DCS error body; 502 and 503 with the HTML page a load balancer sends. */
  | { kind: 'server-error'; status?: 500 | 502 | 503 }
  /** Never answers. */
  | { kind: 'timeout' }
  | { kind: 'throttle'; retryAfterSeconds?: number }
  /** 200 with a truncated JSON body. */
  | { kind: 'garbled' }
  | { kind: 'token-expired' }
  | { kind: 'redirect' };

export interface LoggedCall {
  operation: DcsOperation | 'unknown';
  method: string;
  path: string;
}

export interface DcsContractControl {
  /**
   * The next `times` calls (of `operation`, or any DCS call) meet `fault` instead of DCS; IAM's token
   * requests only when named (`KeystoneCreateUserTokenByPassword`).
   */
  failNext(fault: DcsFault, options?: { times?: number; operation?: DcsOperation | typeof IAM_OPERATION }): void;
  /** DCS calls that reached the server, of one operation or all. */
  calls(operation?: DcsOperation): number;
  log(): readonly LoggedCall[];
  /** Token requests that reached IAM. */
  iamCalls(): number;
  /** Every token issued so far is expired from now on. */
  expireTokens(): void;
  /** The tokens issued so far, for tests that prove none leaks. */
  issuedTokens(): string[];
  reset(): void;
}

export interface DcsContractServerOptions {
  projectId?: string;
  credentials?: ContractCredentials;
  iamUser?: ContractIamUser;
  /** The server's clock: task progress, token expiry and the signature's 15-minute window. */
  now?: () => number;
  seed?: number;
  taskTiming?: Partial<TaskTiming>;
  tokenTtlMs?: number;
}

export interface DcsContractServer {
  /** The DCS endpoint, `http://127.0.0.1:<port>`. */
  url: string;
  /** The IAM endpoint, `http://127.0.0.1:<port>/v3`. */
  iamUrl: string;
  projectId: string;
  control: DcsContractControl;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

const MAX_REQUEST_BODY = 1024 * 1024;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const dcsError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error_code: code, error_msg: message, error_ext_msg: null },
});
const notSupported = () => dcsError(400, 'DCS.4922', 'Does not support hotkey analyze.');
// Not documented: the code DCS gives for an unknown instance; the status is what matters to the BFF.
const noInstance = () => dcsError(404, 'DCS.4010', 'The instance does not exist.');

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BODY) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number) {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= min && value <= max ? value : undefined;
}

function operationOf(method: string, segments: string[]): DcsOperation | undefined {
  const [v2, , instances, instanceId, ...rest] = segments;
  if (v2 !== 'v2' || instances !== 'instances') return undefined;
  const shape = `${method} ${instanceId === undefined ? '' : 'i'}${rest.length ? `/${rest.join('/')}` : ''}`;
  const taskShape = rest.length === 2 && rest[0] === 'hotkey-task' ? `${method} i/hotkey-task/t` : undefined;
  const table: Record<string, DcsOperation> = {
    'GET ': 'ListInstances',
    'GET i': 'ShowInstance',
    'GET i/configs': 'ListConfigurations',
    'POST i/hotkey-task': 'CreateHotkeyScanTask',
    'GET i/hotkey-tasks': 'ListHotKeyScanTasks',
    'GET i/hotkey-task/t': 'ShowHotkeyTaskDetails',
    'DELETE i/hotkey-task/t': 'DeleteHotkeyScanTask',
    'GET i/hotkey/autoscan': 'ShowHotkeyAutoscanConfig',
    'PUT i/hotkey/autoscan': 'UpdateHotkeyAutoScanConfig',
  };
  return table[taskShape ?? shape];
}

export async function startDcsContractServer(options: DcsContractServerOptions = {}): Promise<DcsContractServer> {
  const projectId = options.projectId ?? CONTRACT_PROJECT_ID;
  const credentials = options.credentials ?? CONTRACT_CREDENTIALS;
  const iamUser = options.iamUser ?? CONTRACT_IAM_USER;
  const now = options.now ?? Date.now;
  const random = seededRandom(options.seed ?? 4711);
  const tokens = new TokenBook(now, random, options.tokenTtlMs ?? 24 * 3_600_000);
  const records = new TaskRecords(now, random, { waitingMs: 500, runningMs: 1_500, ...options.taskTiming });
  const instances = new Map(ALL_CONTRACT_INSTANCES.map((instance) => [instance.id, instance]));
  const autoscan = new Map<string, { enable_auto_scan: boolean; schedule_at: string[]; updated_at: string | null }>(
    ALL_CONTRACT_INSTANCES.map((instance) => [
      instance.id,
      { enable_auto_scan: false, schedule_at: [], updated_at: null },
    ]),
  );
  autoscan.set(CONTRACT_INSTANCES.haEligible.id, {
    enable_auto_scan: true,
    schedule_at: ['21:00'],
    updated_at: '2020-06-17T02:42:40.793Z',
  });
  let faults: Array<{ fault: DcsFault; times: number; operation?: DcsOperation | typeof IAM_OPERATION }> = [];
  const takeFault = (operation: DcsOperation | typeof IAM_OPERATION): DcsFault | undefined => {
    const match = faults.find(
      (f) => f.times > 0 && (f.operation === operation || (f.operation === undefined && operation !== IAM_OPERATION)),
    );
    if (match) match.times--;
    return match?.fault;
  };
  let log: LoggedCall[] = [];
  let iamCalls = 0;
  let requestCounter = 0;

  const issueToken = (body: string): Reply => {
    let auth: {
      identity?: {
        methods?: string[];
        password?: { user?: { name?: string; password?: string; domain?: { name?: string } } };
      };
      scope?: { project?: { id?: string } };
    };
    try {
      auth = (JSON.parse(body) as { auth: typeof auth }).auth ?? {};
    } catch {
      return {
        status: 400,
        body: { error: { code: 400, message: 'The request body is invalid.', title: 'Bad Request' } },
      };
    }
    const user = auth.identity?.password?.user;
    if (
      !auth.identity?.methods?.includes('password') ||
      user?.name !== iamUser.user ||
      user.password !== iamUser.password ||
      user.domain?.name !== iamUser.domain ||
      auth.scope?.project?.id !== projectId
    ) {
      return {
        status: 401,
        body: { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } },
      };
    }
    const { token, issuedAt, expiresAt } = tokens.issue();
    // IAM writes microseconds.
    const iso6 = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
    return {
      status: 201,
      headers: { 'X-Subject-Token': token },
      body: {
        token: {
          methods: ['password'],
          expires_at: iso6(expiresAt),
          issued_at: iso6(issuedAt),
          user: {
            domain: { id: 'ded485def148s4e7d2se41d5se', name: iamUser.domain },
            id: 'ee4dfb6e5540447cb3741905',
            name: iamUser.user,
          },
          project: { id: projectId, name: 'eu-de', domain: { id: 'ded485def148s4e7d2se41d5se', name: iamUser.domain } },
          roles: [{ name: 'dcs_adm', id: 'roleid1' }],
        },
      },
    };
  };

  const authorize = (req: IncomingMessage, body: string, requestId: string): GatewayRejection | undefined => {
    const token = req.headers['x-auth-token'];
    if (typeof token === 'string') return tokens.check(token, requestId);
    const rejected = verifySignature(req, body, credentials, now(), requestId);
    if (rejected) return rejected;
    if (req.headers['x-project-id'] !== undefined && req.headers['x-project-id'] !== projectId) {
      return {
        status: 403,
        body: {
          error_msg: 'The project in X-Project-Id is not the one of the request',
          error_code: 'APIGW.0302',
          request_id: requestId,
        },
      };
    }
    return undefined;
  };

  const faultReply = (fault: DcsFault, requestId: string, baseUrl: string): Reply | 'hang' => {
    switch (fault.kind) {
      case 'server-error': {
        const status = fault.status ?? 500;
        return status === 500
          ? dcsError(500, 'DCS.5000', 'Internal service error.')
          : {
              status,
              raw: `<html><body><h1>${status} Service Unavailable</h1></body></html>`,
              headers: { 'Content-Type': 'text/html' },
            };
      }
      case 'timeout':
        return 'hang';
      case 'throttle':
        return {
          status: 429,
          body: {
            error_msg: 'The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 minute',
            error_code: 'APIGW.0308',
            request_id: requestId,
          },
          ...(fault.retryAfterSeconds !== undefined
            ? { headers: { 'Retry-After': String(fault.retryAfterSeconds) } }
            : {}),
        };
      case 'garbled':
        return { status: 200, raw: '{"id" : "aa735b6f-3d70-44e3-9771-66c6fae7459a", "status" : ' };
      case 'token-expired':
        return {
          status: 401,
          body: { error_msg: 'The token must be updated.', error_code: 'APIGW.0307', request_id: requestId },
        };
      case 'redirect':
        return { status: 302, headers: { Location: `${baseUrl}/v2/redirected-elsewhere` }, raw: '' };
    }
  };

  const handleDcs = (operation: DcsOperation, segments: string[], params: URLSearchParams, body: string): Reply => {
    if (segments[1] !== projectId) return dcsError(404, 'DCS.4001', 'The project does not exist.');
    if (operation === 'ListInstances') {
      const offset = intParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      if (offset === undefined) return dcsError(400, 'DCS.4800', 'Invalid offset in the request.');
      const limit = intParam(params, 'limit', 10, 1, 1000);
      if (limit === undefined) return dcsError(400, 'DCS.4801', 'Invalid limit in the request.');
      return {
        status: 200,
        body: {
          instance_num: ALL_CONTRACT_INSTANCES.length,
          instances: ALL_CONTRACT_INSTANCES.slice(offset, offset + limit).map(listEntry),
        },
      };
    }
    const instance = instances.get(segments[3] ?? '');
    if (!instance) return noInstance();
    if (operation === 'ShowInstance') return { status: 200, body: showInstance(instance) };
    if (operation === 'ListConfigurations') return { status: 200, body: instanceConfigs(instance) };
    if (!supportsHotkeys(instance)) return notSupported();
    switch (operation) {
      case 'CreateHotkeyScanTask':
        if (instance.status !== 'RUNNING') return dcsError(400, 'DCS.4049', 'The instance is not running.');
        return { status: 200, body: records.create(instance) };
      case 'ListHotKeyScanTasks': {
        const offset = intParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = intParam(params, 'limit', 10, 1, 1000);
        const status = params.get('status') ?? undefined;
        if (offset === undefined || limit === undefined)
          return dcsError(400, 'DCS.4800', 'Invalid offset in the request.');
        if (status !== undefined && !['waiting', 'running', 'success', 'failed'].includes(status)) {
          return dcsError(400, 'DCS.4802', 'Invalid status in the request.');
        }
        return { status: 200, body: records.list(instance.id, offset, limit, status) };
      }
      case 'ShowHotkeyTaskDetails': {
        const task = records.details(instance.id, segments[5] ?? '');
        return task ? { status: 200, body: task } : dcsError(400, 'DCS.4941', 'The hotkey id does not exist.');
      }
      case 'DeleteHotkeyScanTask': {
        const task = records.delete(instance.id, segments[5] ?? '');
        return task ? { status: 200, body: task } : { status: 204 };
      }
      case 'ShowHotkeyAutoscanConfig':
        return { status: 200, body: { instance_id: instance.id, ...autoscan.get(instance.id) } };
      case 'UpdateHotkeyAutoScanConfig': {
        let update: { enable_auto_scan?: unknown; schedule_at?: unknown };
        try {
          update = JSON.parse(body) as typeof update;
        } catch {
          update = {};
        }
        const times = update.schedule_at;
        if (
          typeof update.enable_auto_scan !== 'boolean' ||
          !Array.isArray(times) ||
          !times.every((t) => typeof t === 'string' && HH_MM.test(t))
        ) {
          // Not documented: the code for a malformed body.
          return dcsError(400, 'DCS.4000', 'Invalid request body.');
        }
        const state = {
          enable_auto_scan: update.enable_auto_scan,
          schedule_at: times as string[],
          updated_at: new Date(now()).toISOString(),
        };
        autoscan.set(instance.id, state);
        return { status: 200, body: { instance_id: instance.id, ...state } };
      }
      default:
        return noInstance();
    }
  };

  const hanging = new Set<ServerResponse>();
  let baseUrl = '';

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const requestId = `${(++requestCounter).toString(16).padStart(8, '0')}c0ffee`;
      const rawUrl = req.url ?? '/';
      const queryAt = rawUrl.indexOf('?');
      const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
      const params = new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1));
      const segments = rawPath.split('/').slice(1);
      const method = req.method ?? 'GET';

      let reply: Reply | 'hang';
      if (method === 'POST' && rawPath === '/v3/auth/tokens') {
        iamCalls++;
        const fault = takeFault(IAM_OPERATION);
        reply = fault ? faultReply(fault, requestId, baseUrl) : issueToken(body);
      } else {
        const operation = operationOf(method, segments);
        log.push({ operation: operation ?? 'unknown', method, path: rawPath });
        const fault = operation && takeFault(operation);
        if (!operation) {
          reply = {
            status: 404,
            body: {
              error_msg: 'The API does not exist or has not been published in the environment',
              error_code: 'APIGW.0101',
              request_id: requestId,
            },
          };
        } else if (fault) {
          reply = faultReply(fault, requestId, baseUrl);
        } else {
          const rejected = authorize(req, body, requestId);
          reply = rejected ?? handleDcs(operation, segments, params, body);
        }
      }
      if (reply === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const payload = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body, null, 2));
      res.writeHead(reply.status, {
        ...(payload !== '' && reply.raw === undefined ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}),
        'X-Request-Id': requestId,
        ...reply.headers,
      });
      res.end(payload);
    })().catch((error: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`contract server error: ${(error as Error).message}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const control: DcsContractControl = {
    failNext: (fault, { times = 1, operation } = {}) => {
      faults.push({ fault, times, ...(operation ? { operation } : {}) });
    },
    calls: (operation) => log.filter((call) => operation === undefined || call.operation === operation).length,
    log: () => [...log],
    iamCalls: () => iamCalls,
    expireTokens: () => tokens.expireAll(),
    issuedTokens: () => tokens.all(),
    reset: () => {
      faults = [];
      log = [];
      iamCalls = 0;
    },
  };

  return {
    url: baseUrl,
    iamUrl: `${baseUrl}/v3`,
    projectId,
    control,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
