import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Everything a person sees of a task lives in the URL's search params, so a copied link opened in a
 * fresh browser shows the identical view. Defaults are left out of the URL to keep links short.
 */

export const chartKinds = ['rate', 'bytes', 'freq', 'size', 'scatter', 'shard', 'db', 'type', 'namespace'] as const;
export type ChartKind = (typeof chartKinds)[number];
export const sortColumns = ['name', 'rate', 'bytes', 'type', 'db', 'shard', 'size', 'freq'] as const;
export type SortColumn = (typeof sortColumns)[number];
export type SortDirection = 'asc' | 'desc';
export type SizeUnitChoice = 'byte' | 'count';

export interface KeyFilters {
  shards: string[];
  dbs: number[];
  types: string[];
  /** Substring (any case) or, when it holds * ? or [, a glob like SCAN MATCH. */
  name: string;
  minFreq: number;
  /** A namespace group chosen as a filter; the delimiter decides how names are grouped. */
  namespace: string | null;
  delimiter: string;
}

export interface ViewState extends KeyFilters {
  sort: SortColumn;
  dir: SortDirection;
  chart: ChartKind;
  unit: SizeUnitChoice;
  /** The selected key, as a key id (see key-id.ts). */
  key: string | null;
  /** The id of an earlier analysis of the same instance to compare with. */
  compare: string | null;
  page: number;
}

export const DEFAULT_DELIMITER = ':';

/** What a result is ranked and charted by when the URL does not say: what its analysis measured. */
export interface ViewDefaults {
  sort: SortColumn;
  chart: ChartKind;
}
export const LFU_DEFAULTS: ViewDefaults = { sort: 'freq', chart: 'freq' };
/** A sampling counted accesses: its keys rank by the rate measured, freq is a secondary column. */
export const SAMPLE_DEFAULTS: ViewDefaults = { sort: 'rate', chart: 'rate' };
export const viewDefaultsFor = (method: string | null | undefined): ViewDefaults =>
  method === 'sample' ? SAMPLE_DEFAULTS : LFU_DEFAULTS;

const oneOf = <T extends string>(values: readonly T[], raw: string | null, fallback: T): T =>
  values.includes(raw as T) ? (raw as T) : fallback;

export function readViewState(params: URLSearchParams, defaults: ViewDefaults = LFU_DEFAULTS): ViewState {
  const minFreq = Number(params.get('minFreq'));
  const page = Number(params.get('page'));
  return {
    shards: params.getAll('shard'),
    dbs: params
      .getAll('db')
      .map(Number)
      .filter((db) => Number.isInteger(db) && db >= 0),
    types: params.getAll('type'),
    name: params.get('q') ?? '',
    minFreq: Number.isFinite(minFreq) ? Math.min(255, Math.max(0, Math.round(minFreq))) : 0,
    namespace: params.get('ns'),
    delimiter: params.get('delim') || DEFAULT_DELIMITER,
    sort: oneOf(sortColumns, params.get('sort'), defaults.sort),
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
    chart: oneOf(chartKinds, params.get('chart'), defaults.chart),
    unit: params.get('unit') === 'count' ? 'count' : 'byte',
    key: params.get('key'),
    compare: params.get('compare'),
    page: Number.isInteger(page) && page > 0 ? page : 0,
  };
}

export function writeViewState(state: ViewState, defaults: ViewDefaults = LFU_DEFAULTS): URLSearchParams {
  const params = new URLSearchParams();
  state.shards.forEach((shard) => params.append('shard', shard));
  state.dbs.forEach((db) => params.append('db', String(db)));
  state.types.forEach((type) => params.append('type', type));
  if (state.name) params.set('q', state.name);
  if (state.minFreq > 0) params.set('minFreq', String(state.minFreq));
  if (state.namespace !== null) params.set('ns', state.namespace);
  if (state.delimiter !== DEFAULT_DELIMITER) params.set('delim', state.delimiter);
  if (state.sort !== defaults.sort) params.set('sort', state.sort);
  if (state.dir !== 'desc') params.set('dir', state.dir);
  if (state.chart !== defaults.chart) params.set('chart', state.chart);
  if (state.unit !== 'byte') params.set('unit', state.unit);
  if (state.key !== null) params.set('key', state.key);
  if (state.compare !== null) params.set('compare', state.compare);
  if (state.page > 0) params.set('page', String(state.page));
  return params;
}

const filterFields: (keyof KeyFilters)[] = ['shards', 'dbs', 'types', 'name', 'minFreq', 'namespace', 'delimiter'];

export function useViewState(defaults: ViewDefaults): [ViewState, (patch: Partial<ViewState>) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readViewState(params, defaults), [params, defaults]);
  const update = useCallback(
    (patch: Partial<ViewState>) =>
      setParams(
        (current) => {
          const next = { ...readViewState(current, defaults), ...patch };
          // A new filter changes which rows exist, so an old page number would point at nothing.
          if (filterFields.some((field) => field in patch) && !('page' in patch)) next.page = 0;
          return writeViewState(next, defaults);
        },
        { replace: true },
      ),
    [setParams, defaults],
  );
  return [state, update];
}
