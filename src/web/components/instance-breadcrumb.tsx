import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { instanceUrl } from '../lib/app-urls';

/** "Instances / <instance> / …": where a screen under an instance sits, with the way back up. */
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
    <nav aria-label="Breadcrumb" className="flex flex-wrap items-center gap-1 text-sm">
      <Link className="underline" to="/">
        Instances
      </Link>
      <span>/</span>
      <Link className="underline" to={instanceUrl(instanceId)}>
        {instanceName ?? instanceId}
      </Link>
      <span>/</span>
      {children}
    </nav>
  );
}
