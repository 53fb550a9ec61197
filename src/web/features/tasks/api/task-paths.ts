export const tasksPath = (instanceId: string) => `/api/instances/${encodeURIComponent(instanceId)}/hotkey-tasks`;

export const taskPath = (instanceId: string, taskId: string) =>
  `${tasksPath(instanceId)}/${encodeURIComponent(taskId)}`;

/** Every query about one instance's tasks lives under this key, so one invalidation refreshes them all. */
export const tasksQueryKey = (instanceId: string) => ['instances', instanceId, 'tasks'] as const;
