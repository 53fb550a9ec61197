import type { ReactNode } from 'react';

/**
 * A form that runs its action in the page instead of navigating; its label names it for assistive technology
 * (and makes it a form landmark).
 */
export function ActionForm({
  label,
  className,
  onSubmit,
  children,
}: {
  label: string;
  className: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className={className}
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
