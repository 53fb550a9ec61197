import type { AnalysisMethod } from '../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../contract/instance-summary';
import { ApiError } from '../../http/api-error';

/**
 * Whether the instance can run an analysis of this method now: 503 when it cannot be reached, 400 with the
 * reason when it can but the method does not work there. One rule for a start and for a watch of analyses.
 */
export function assertCanRun(instanceId: string, instance: InstanceSummary, method: AnalysisMethod): void {
  if (instance.status === 'UNREACHABLE') {
    throw ApiError.of('unavailable', `instance ${instanceId} is unreachable: ${instance.eligibility.reason}`);
  }
  const verdict = method === 'sample' ? instance.sampling : instance.eligibility;
  if (!verdict?.ok) {
    const what = method === 'sample' ? 'sampling' : 'hot key analysis';
    throw ApiError.of('notEligible', `${what} is not possible: ${verdict?.reason ?? 'not offered here'}`);
  }
}
