import { nameSegments, truncateMiddle, visibleName } from '../../../lib/key-name-text';

export interface TickLabel {
  name: string;
  binary?: boolean;
}

/** Monospace at the axis' 12 px: about this many pixels a character, to fit a name into the label column. */
const CHAR_PX = 7.3;

/**
 * A bar's label drawn as the key-name component draws names: tokens for disguising characters, a "bytes" mark
 * for binary names, the middle left out when it does not fit, the whole name on hover.
 */
export function NameTick({
  x,
  y,
  label,
  width,
}: {
  x: number;
  y: number;
  label: TickLabel | undefined;
  width: number;
}) {
  if (!label) return null;
  const binary = label.binary ?? false;
  const room = Math.max(4, Math.floor((width - 8) / CHAR_PX) - (binary ? 6 : 0));
  const segments = truncateMiddle(nameSegments(label.name, binary), room);
  return (
    <g transform={`translate(${x},${y})`} data-testid="name-tick">
      <title>{visibleName(label.name, binary)}</title>
      <text x={-4} dy="0.32em" textAnchor="end" fill="currentColor" fontSize={12} fontFamily="ui-monospace, monospace">
        {binary && (
          <tspan fill="#7c3aed" fontWeight={600} fontFamily="ui-sans-serif, sans-serif">
            bytes{' '}
          </tspan>
        )}
        {segments.map((segment, index) =>
          segment.token ? (
            <tspan key={index} fill="#b45309" fontWeight={700}>
              {segment.text}
            </tspan>
          ) : (
            <tspan key={index}>{segment.text}</tspan>
          ),
        )}
      </text>
    </g>
  );
}
