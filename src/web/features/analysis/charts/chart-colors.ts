/** Colours that read on both the light and the dark background. */
export const chartColors = {
  bar: '#0284c7',
  selected: '#f59e0b',
  hottest: '#dc2626',
  grid: '#94a3b8',
  gone: '#64748b',
  cooler: '#0ea5e9',
  hotter: '#ea580c',
  added: '#dc2626',
  decay: '#cbd5e1',
} as const;

/** Axis text follows the surrounding text colour, so the theme switch needs no chart code. */
export const axisTick = { fill: 'currentColor', fontSize: 12 } as const;
