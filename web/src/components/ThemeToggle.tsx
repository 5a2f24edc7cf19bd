import { useEffect, useState } from 'react';
import { Button } from './Button.tsx';

type Theme = 'light' | 'dark';
const KEY = 'levqor.theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies the saved (or system) theme before the first render, so the page never flashes. */
export function applyInitialTheme(): void {
  document.documentElement.dataset.theme = initialTheme();
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <Button
      variant="quiet"
      aria-label={`Switch to the ${next} theme`}
      onPress={() => {
        localStorage.setItem(KEY, next);
        setTheme(next);
      }}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </Button>
  );
}
