import { shortId } from '../lib/format';

/**
 * An id by its first 8 characters, the whole one on hover and for assistive technology and search, which a
 * link to it also carries.
 */
export function ShortId({ id }: { id: string }) {
  return (
    <span title={id} className="font-mono">
      <span aria-hidden="true">{shortId(id)}</span>
      <span className="sr-only">{id}</span>
    </span>
  );
}
