/**
 * Registers the service worker (web/public/sw.js: the app shell cached for an offline start, never an API
 * answer) in the built app; the dev server goes without, so every edit shows at once.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => console.warn('the app cannot work offline:', error));
  });
}
