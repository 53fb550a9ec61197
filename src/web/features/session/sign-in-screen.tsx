import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sessionInfoQuery, signInMutation } from '../../api/queries/session';
import { ActionForm } from '../../components/action-form';
import { MutationError } from '../../components/mutation-error';
import { StatePanel } from '../../components/state-panel';

/**
 * Shown by the shell in place of the page when the BFF answers 401. The address is left alone, so once
 * signed in the same view (path and search params) renders again.
 */
export function SignInScreen({ expired }: { expired: boolean }) {
  const info = useQuery(sessionInfoQuery());
  if (info.isPending) return <StatePanel tone="busy" title="Loading…" />;
  if (info.data?.auth_mode === 'proxy') {
    return (
      <StatePanel tone="warning" title="You are not coming through the sign-in proxy">
        <p>
          This dashboard learns who you are from the sign-in proxy in front of it, and this request did not come through
          it{expired ? ', or your sign-in there has ended' : ''}.
        </p>
        <p>Open the dashboard at the address your team uses for it, and sign in there.</p>
      </StatePanel>
    );
  }
  return <TokenForm expired={expired} />;
}

function TokenForm({ expired }: { expired: boolean }) {
  const [token, setToken] = useState('');
  const signIn = useMutation(signInMutation(useQueryClient()));
  return (
    <ActionForm
      className="card mx-auto max-w-md space-y-3"
      label="Sign in"
      onSubmit={() => signIn.mutate(token.trim())}
    >
      <h1 className="text-xl font-semibold">Sign in</h1>
      {expired && (
        <StatePanel tone="warning" title="Your session has expired">
          Sign in again to return to this view.
        </StatePanel>
      )}
      <div className="space-y-1">
        <label htmlFor="sign-in-token" className="block text-sm font-medium">
          Access token
        </label>
        <input
          id="sign-in-token"
          className="input w-full font-mono"
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <p className="text-xs text-slate-500 dark:text-slate-400">
          The token your dashboard administrator gave you. It is exchanged for a session; the browser does not keep it.
        </p>
      </div>
      <button type="submit" className="btn btn-primary" disabled={token.trim() === '' || signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
      <MutationError mutation={signIn} title="Could not sign in" />
    </ActionForm>
  );
}
