import type { InstanceList, SourceError } from '../../contract/instance-summary';
import { ApiError, notFound } from '../http/api-error';
import { log } from '../log';
import type { InstanceSource } from './instance-source';

/** Finds the source that owns an instance id; the routes never talk to a source they did not resolve. */
export class SourceRegistry {
  constructor(readonly sources: readonly InstanceSource[]) {}

  async resolve(instanceId: string): Promise<InstanceSource> {
    for (const source of this.sources) {
      if (await source.ownsInstance(instanceId)) return source;
    }
    throw notFound(`instance ${instanceId}`);
  }

  /** One failing source must not hide the others: its failure is reported beside their instances. */
  async listInstances(): Promise<InstanceList> {
    const source_errors: SourceError[] = [];
    const lists = await Promise.all(
      this.sources.map((source) =>
        source.listInstances().catch((error: unknown) => {
          const body =
            error instanceof ApiError ? error.toBody() : { error_code: 'HOTKEYS.502', error_msg: String(error) };
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

  async close(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.close()));
  }
}
