/** Previous/next paging with the range shown, for server-paged and client-paged lists alike. */
export function Pager({
  offset,
  limit,
  count,
  onOffset,
  label,
}: {
  offset: number;
  limit: number;
  count: number;
  onOffset: (offset: number) => void;
  label: string;
}) {
  if (count <= limit) return null;
  const last = Math.min(offset + limit, count);
  return (
    <nav aria-label={label} className="mt-2 flex items-center gap-2 text-sm">
      <button className="btn" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span>
        {offset + 1}–{last} of {count}
      </span>
      <button className="btn" disabled={last >= count} onClick={() => onOffset(offset + limit)}>
        Next
      </button>
    </nav>
  );
}
