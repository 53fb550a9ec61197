import { z } from 'zod';

/**
 * Path ids reach sources and, through them, upstream URLs and Redis: they are checked here, after the
 * router has decoded them once, against an alphabet with no separators, dots-only names or control bytes.
 */
export const instanceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'instance id must be 1-64 letters, digits, "_", "." or "-"')
  .refine((id) => !id.includes('..'), 'instance id must not contain ".."');
export const taskIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'task id must be 1-64 letters, digits or "-"');

/** `/instances/:id/...` */
export const instanceParams = z.object({ id: instanceIdSchema });
/** `/instances/:id/hotkey-tasks/:taskId/...` */
export const taskParams = z.object({ id: instanceIdSchema, taskId: taskIdSchema });
/** `/instances/:id/watches/:watchId/...` */
export const watchParams = z.object({ id: instanceIdSchema, watchId: taskIdSchema });
