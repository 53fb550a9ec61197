import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signOutSchema } from '../../../../contract/session';
import { api } from '../../../lib/api-client';
import { meQueryKey } from './get-me';

export const signOut = () => api.delete('/api/session', signOutSchema);

export const useSignOut = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      // Forgetting who we were (not just refetching) makes the next 401 a plain sign-in, not "expired".
      return queryClient.resetQueries({ queryKey: meQueryKey });
    },
  });
};
