import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { instanceUrl } from '../lib/app-urls';

/**
 * "Instances / <instance> / …": where a screen under an instance sits, with the way back up. One line at any
 * width: the instance's name gives way (cut, whole on hover), what follows keeps its room.
 */
export function InstanceBreadcrumb({
  instanceId,
  instanceName,
  children,
}: {
  instanceId: string;
  /** Until the instance has loaded, its id stands in. */
  instanceName?: string;
  children: ReactNode;
}) {
  return (
    <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1 text-sm whitespace-nowrap">
      <Link className="shrink-0 underline" to="/">
        Instances
      </Link>
      <span>/</span>
      <Link className="min-w-0 truncate underline" to={instanceUrl(instanceId)} title={instanceName ?? instanceId}>
        {instanceName ?? instanceId}
      </Link>
      <span>/</span>
      <span className="flex min-w-0 shrink-0 items-center gap-1 text-xs">{children}</span>
    </nav>
  );
}
