import { useSyncExternalStore } from 'react';

/** Where media queries cannot be asked (jsdom), none matches. */
const mediaList = (query: string): MediaQueryList | undefined =>
  typeof window.matchMedia === 'function' ? window.matchMedia(query) : undefined;

/** Whether a CSS media query matches now, re-rendering when that changes (a window resized, a phone turned). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = mediaList(query);
      list?.addEventListener('change', onChange);
      return () => list?.removeEventListener('change', onChange);
    },
    () => mediaList(query)?.matches ?? false,
  );
}

/** Phones: below Tailwind's `sm` breakpoint. */
export const NARROW_SCREEN = '(max-width: 639px)';
