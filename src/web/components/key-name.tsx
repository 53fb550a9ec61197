import { nameSegments, truncateMiddle, visibleName } from '../lib/key-name-text';

/** How a token stands out from the text around it, in HTML here and in the charts' SVG labels. */
export const TOKEN_CLASS =
  'rounded-sm bg-amber-200 px-px font-semibold text-amber-950 dark:bg-amber-800 dark:text-amber-50';

/**
 * A key name on screen, the one way every screen shows one: disguising characters as visible tokens, a binary
 * name with a "bytes" badge, and, given `max`, the middle left out with the whole name on hover. Exports and
 * links keep the raw name; this is only how it is drawn.
 */
export function KeyName({
  name,
  binary = false,
  max,
  className = '',
}: {
  name: string;
  binary?: boolean;
  max?: number;
  className?: string;
}) {
  const segments = nameSegments(name, binary);
  const shown = max === undefined ? segments : truncateMiddle(segments, max);
  const cut = shown.length !== segments.length || shown.some((s, i) => s.text !== segments[i]?.text);
  const hasTokens = segments.some((segment) => segment.token);
  return (
    <span
      className={`font-mono ${className}`}
      // unicode-bidi: isolate keeps a name's own direction from reordering the text around it; pre-wrap keeps
      // a run of spaces inside a name as wide as it is ("a  b" is not "a b").
      style={{ unicodeBidi: 'isolate', whiteSpace: 'pre-wrap' }}
      title={cut || hasTokens || binary ? visibleName(name, binary) : undefined}
      data-key-name=""
    >
      {binary && (
        <span className="mr-1 rounded border border-violet-400 px-1 font-sans text-[0.7rem] font-semibold text-violet-800 dark:border-violet-500 dark:text-violet-200">
          bytes
        </span>
      )}
      {shown.map((segment, index) =>
        segment.token ? (
          <span key={index} className={TOKEN_CLASS}>
            {segment.text}
          </span>
        ) : (
          segment.text
        ),
      )}
    </span>
  );
}
