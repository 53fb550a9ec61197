const instancePath = (instanceId: string) => `/api/instances/${encodeURIComponent(instanceId)}`;

export const autoscanPath = (instanceId: string) => `${instancePath(instanceId)}/hotkey-autoscan`;
export const scheduleRunsPath = (instanceId: string) => `${autoscanPath(instanceId)}/runs`;
export const alertRulePath = (instanceId: string) => `${instancePath(instanceId)}/hotkey-alert-rule`;
export const alertDeliveriesPath = (instanceId: string) => `${instancePath(instanceId)}/hotkey-alerts`;

/** Schedule and alert queries of one instance live under these keys, so a save refreshes what it changed. */
export const scheduleQueryKey = (instanceId: string) => ['instances', instanceId, 'schedule'] as const;
export const alertsQueryKey = (instanceId: string) => ['instances', instanceId, 'alerts'] as const;
