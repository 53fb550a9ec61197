import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../lib/api-client';
import { meQueryKey } from './api/get-me';

/**
 * A 401 while the user counts as signed in means the session ended (expired, signed out in another tab, the
 * BFF restarted). Asking `/api/me` again lets the shell put the sign-in screen over the same URL.
 */
export const recheckSessionOn401 =
  (queryClient: QueryClient) =>
  (error: Error): void => {
    if (!(error instanceof ApiError) || error.status !== 401) return;
    if (queryClient.getQueryState(meQueryKey)?.status !== 'success') return;
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
  };
