import { useId } from 'react';
import { useMe } from './api/get-me';

/**
 * An operator action as everyone sees it: viewers get it disabled with the reason and whom to ask, so they
 * know the action exists. While the role is unknown nothing is offered that could fail.
 */
export function useOperatorOnly(action: string) {
  const role = useMe().data?.role;
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
