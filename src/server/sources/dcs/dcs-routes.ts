import type { AutoscanUpdate } from '../../../contract/autoscan';
import type { TaskListQuery } from '../../../contract/hotkey-task';
import { badRequest } from '../../http/api-error';

/**
 * The only DCS calls the BFF makes, as fixed templates. An id is checked before it is placed in a path,
 * raw and decoded: `..`, `%2F`, `%252F`, NUL, CR/LF or a fullwidth slash never reach the cloud.
 */
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export function isDcsId(raw: string): boolean {
  if (!UUID.test(raw)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return false;
  }
  return decoded === raw && UUID.test(decoded);
}

function checkedId(raw: string, what: 'instance' | 'task'): string {
  if (!isDcsId(raw)) throw badRequest(`a DCS ${what} id is a UUID`);
  return raw;
}

export interface DcsCall {
  /** The DCS API name, for messages and the call log. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below `/v2/{project_id}/`, as decoded segments. */
  segments: string[];
  query: Array<[string, string]>;
  body?: string;
}

const onInstance = (instanceId: string, ...rest: string[]): string[] => [
  'instances',
  checkedId(instanceId, 'instance'),
  ...rest,
];

export const dcsRoutes = {
  listInstances: (offset: number, limit: number): DcsCall => ({
    operation: 'ListInstances',
    method: 'GET',
    segments: ['instances'],
    query: [
      ['offset', String(offset)],
      ['limit', String(limit)],
    ],
  }),
  showInstance: (instanceId: string): DcsCall => ({
    operation: 'ShowInstance',
    method: 'GET',
    segments: onInstance(instanceId),
    query: [],
  }),
  listConfigurations: (instanceId: string): DcsCall => ({
    operation: 'ListConfigurations',
    method: 'GET',
    segments: onInstance(instanceId, 'configs'),
    query: [],
  }),
  createHotkeyTask: (instanceId: string): DcsCall => ({
    operation: 'CreateHotkeyScanTask',
    method: 'POST',
    segments: onInstance(instanceId, 'hotkey-task'),
    query: [],
  }),
  listHotkeyTasks: (instanceId: string, query: TaskListQuery): DcsCall => ({
    operation: 'ListHotKeyScanTasks',
    method: 'GET',
    segments: onInstance(instanceId, 'hotkey-tasks'),
    query: [
      ['offset', String(query.offset)],
      ['limit', String(query.limit)],
      ...(query.status ? [['status', query.status] as [string, string]] : []),
    ],
  }),
  showHotkeyTask: (instanceId: string, taskId: string): DcsCall => ({
    operation: 'ShowHotkeyTaskDetails',
    method: 'GET',
    segments: onInstance(instanceId, 'hotkey-task', checkedId(taskId, 'task')),
    query: [],
  }),
  deleteHotkeyTask: (instanceId: string, taskId: string): DcsCall => ({
    operation: 'DeleteHotkeyScanTask',
    method: 'DELETE',
    segments: onInstance(instanceId, 'hotkey-task', checkedId(taskId, 'task')),
    query: [],
  }),
  showAutoscan: (instanceId: string): DcsCall => ({
    operation: 'ShowHotkeyAutoscanConfig',
    method: 'GET',
    segments: onInstance(instanceId, 'hotkey', 'autoscan'),
    query: [],
  }),
  updateAutoscan: (instanceId: string, update: AutoscanUpdate): DcsCall => ({
    operation: 'UpdateHotkeyAutoScanConfig',
    method: 'PUT',
    segments: onInstance(instanceId, 'hotkey', 'autoscan'),
    query: [],
    body: JSON.stringify({ enable_auto_scan: update.enable_auto_scan, schedule_at: update.schedule_at }),
  }),
};
