export const instanceUrl = (instanceId: string) => `/instances/${encodeURIComponent(instanceId)}`;

export const taskUrl = (instanceId: string, taskId: string) =>
  `${instanceUrl(instanceId)}/tasks/${encodeURIComponent(taskId)}`;
