/** The SPA's own addresses: the router's route patterns and the links to them, side by side so they agree. */

export const instanceRoute = 'instances/:instanceId';
export const taskRoute = `${instanceRoute}/tasks/:taskId`;

export const instanceUrl = (instanceId: string) => `/instances/${encodeURIComponent(instanceId)}`;

export const taskUrl = (instanceId: string, taskId: string) =>
  `${instanceUrl(instanceId)}/tasks/${encodeURIComponent(taskId)}`;
