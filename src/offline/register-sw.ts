// Registers the service worker of the production build (dist/sw.js) so the app opens offline.
// In development there is none: Vite serves changing modules that must not be cached.

/** Resolves true once a service worker controls this page (the app shell is then cached). */
export async function registerServiceWorker(): Promise<boolean> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return false;
  try {
    await navigator.serviceWorker.register('./sw.js', { scope: './' });
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return true;
    // First visit: the worker claims the page when it activates.
    return await new Promise<boolean>((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
      setTimeout(() => resolve(Boolean(navigator.serviceWorker.controller)), 10_000);
    });
  } catch {
    return false;
  }
}
