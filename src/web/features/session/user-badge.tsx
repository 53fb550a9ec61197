import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../../contract/session';
import { signOutMutation } from '../../api/queries/session';

const ROLE_EXPLANATION: Record<Me['role'], string> = {
  viewer: 'Viewer: can look at every instance and analysis and share links to them.',
  operator:
    'Operator: can look and share, and also start, cancel and delete analyses and change schedules and alert rules.',
};

/** Who the dashboard takes you for, what that role may do, and (with token sign-in) the way out. */
export function UserBadge({ me }: { me: Me }) {
  const signOut = useMutation(signOutMutation(useQueryClient()));
  return (
    <span className="flex items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
      <span data-testid="user-badge" title={ROLE_EXPLANATION[me.role]} className="cursor-help">
        {me.user} · {me.role}
      </span>
      {me.auth_mode === 'token' && (
        <button className="btn" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          Sign out
        </button>
      )}
    </span>
  );
}
