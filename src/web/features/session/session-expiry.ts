import type { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from '../../api/api-client';
import { meKey } from '../../api/queries/session';

/**
 * A 401 while the user counts as signed in means the session ended (expired, signed out in another tab, the
 * BFF restarted). Asking `/api/me` again lets the shell put the sign-in screen over the same URL.
 */
export const recheckSessionOn401 =
  (queryClient: QueryClient) =>
  (error: Error): void => {
    if (!(error instanceof ApiRequestError) || error.status !== 401) return;
    if (queryClient.getQueryState(meKey)?.status !== 'success') return;
    void queryClient.invalidateQueries({ queryKey: meKey });
  };
