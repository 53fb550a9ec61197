import type { InstanceList, SourceError } from '../../contract/instance-summary';
import { ApiError, notFound } from '../http/api-error';
import { log } from '../log';
import type { InstanceSource } from './instance-source';

/** Finds the source that owns an instance id; the routes never talk to a source they did not resolve. */
export class SourceRegistry {
  constructor(readonly sources: readonly InstanceSource[]) {}

  /**
   * Self-managed sources answer from their configuration, so they are asked first; a cloud source that
   * cannot be asked (API down) does not hide the others, and its failure is the answer only when no other
   * source owns the id.
   */
  async resolve(instanceId: string): Promise<InstanceSource> {
    const ordered = [...this.sources].sort((a, b) => Number(a.kind === 'dcs') - Number(b.kind === 'dcs'));
    let failure: unknown;
    for (const source of ordered) {
      try {
        if (await source.ownsInstance(instanceId)) return source;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
    throw notFound(`instance ${instanceId}`);
  }

  /** One failing source must not hide the others: its failure is reported beside their instances. */
  async listInstances(): Promise<InstanceList> {
    const source_errors: SourceError[] = [];
    const lists = await Promise.all(
      this.sources.map((source) =>
        source.listInstances().catch((error: unknown) => {
          const body = error instanceof ApiError ? error.toBody() : ApiError.of('badGateway', String(error)).toBody();
          log.warn('source listing failed', { source: source.id, error_code: body.error_code });
          source_errors.push({
            source: { id: source.id, kind: source.kind, name: source.name },
            error_code: body.error_code,
            error_msg: body.error_msg,
          });
          return [];
        }),
      ),
    );
    return { instances: lists.flat(), source_errors };
  }

  /** Reachability of every source, for load balancers: ids and states only, never addresses. */
  async health(): Promise<{ id: string; kind: string; reachable: boolean; error_code?: string }[]> {
    const { instances, source_errors } = await this.listInstances();
    return this.sources.map((source) => {
      const failed = source_errors.find((e) => e.source.id === source.id);
      if (failed) return { id: source.id, kind: source.kind, reachable: false, error_code: failed.error_code };
      const own = instances.filter((i) => i.source.id === source.id);
      return { id: source.id, kind: source.kind, reachable: own.every((i) => i.status !== 'UNREACHABLE') };
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.close()));
  }
}
