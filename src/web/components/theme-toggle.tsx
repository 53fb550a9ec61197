import { useEffect, useState } from 'react';

type Theme = 'light' | 'dark';
const storageKey = 'hotkeys-theme';

/** The theme is a preference of the person, not of the view, so it lives in localStorage rather than the URL. */
export function initialTheme(): Theme {
  const stored = localStorage.getItem(storageKey);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme) {
  document.documentElement.classList.toggle('dark', theme === 'dark');
  document.documentElement.style.colorScheme = theme;
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => applyTheme(theme), [theme]);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      className="btn"
      aria-label={`Switch to ${next} theme`}
      onClick={() => {
        localStorage.setItem(storageKey, next);
        setTheme(next);
      }}
    >
      {theme === 'dark' ? 'Light theme' : 'Dark theme'}
    </button>
  );
}
