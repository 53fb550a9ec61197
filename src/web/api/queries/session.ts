import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import { meSchema, sessionInfoSchema, signOutSchema } from '../../../contract/session';
import { api } from '../api-client';

export const meKey = ['me'] as const;

export const meQuery = () =>
  queryOptions({ queryKey: meKey, queryFn: () => api.get('/api/me', meSchema), staleTime: 5 * 60_000 });

/** How this dashboard signs people in (token form or a proxy in front): fixed for the life of the server. */
export const sessionInfoQuery = () =>
  queryOptions({
    queryKey: ['session-info'],
    queryFn: () => api.get('/api/session', sessionInfoSchema),
    staleTime: Infinity,
  });

/** Whatever was loaded before (or refused) belongs to no one now: the view reloads as the new user. */
const forgetAllButMe = (queryClient: QueryClient) =>
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });

export const signInMutation = (queryClient: QueryClient) =>
  mutationOptions({
    mutationFn: (token: string) => api.post('/api/session', meSchema, { token }),
    onSuccess: (me) => {
      forgetAllButMe(queryClient);
      queryClient.setQueryData(meKey, me);
    },
  });

export const signOutMutation = (queryClient: QueryClient) =>
  mutationOptions({
    mutationFn: () => api.delete('/api/session', signOutSchema),
    onSuccess: () => {
      forgetAllButMe(queryClient);
      // Forgetting who we were (not just refetching) makes the next 401 a plain sign-in, not "expired".
      return queryClient.resetQueries({ queryKey: meKey });
    },
  });
