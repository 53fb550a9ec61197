import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meSchema } from '../../../../contract/session';
import { api } from '../../../lib/api-client';
import { meQueryKey } from './get-me';

export const signIn = (token: string) => api.post('/api/session', meSchema, { token });

export const useSignIn = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (me) => {
      // Whatever was loaded before (or refused) belongs to no one now: the view reloads as the new user.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, me);
    },
  });
};
