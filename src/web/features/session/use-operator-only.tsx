import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { meQuery } from '../../api/queries/session';

/**
 * An operator action as everyone sees it: viewers get it disabled with the reason and whom to ask, so they
 * know the action exists. While the role is unknown nothing is offered that could fail.
 */
export function useOperatorOnly(action: string) {
  const role = useQuery(meQuery()).data?.role;
  const noteId = useId();
  const reason = role === 'viewer' ? `Viewers can look and share; ask an operator to ${action}.` : undefined;
  return {
    allowed: role === 'operator',
    /** For the action's button: the reason as its tooltip and description. */
    buttonProps: reason ? { title: reason, 'aria-describedby': noteId } : {},
    note: reason && (
      <span id={noteId} className="block text-sm text-amber-800 dark:text-amber-300">
        {reason}
      </span>
    ),
  };
}

/** What `useOperatorOnly` gives an action, for components that draw an action for their parent's check. */
export type OperatorOnly = ReturnType<typeof useOperatorOnly>;
