// Registers the service worker of the production build (dist/sw.js) so the app opens offline, and
// watches for a new deployed version. In development there is none: Vite serves changing modules
// that must not be cached.

/** Called when a new version is installed and waiting; `apply` switches to it (the page reloads). */
export type UpdateReady = (apply: () => void) => void;

/** Resolves true once a service worker controls this page (the app shell is then cached). */
export async function registerServiceWorker(onUpdateReady?: UpdateReady): Promise<boolean> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return false;
  try {
    const registration = await navigator.serviceWorker.register('./sw.js', { scope: './' });
    if (onUpdateReady) watchForUpdates(registration, onUpdateReady);
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

/**
 * A new version's worker waits (build/sw-template.js) until the page asks it to take over, so this
 * page keeps running on its own version's files, offline included, until the visitor reloads.
 */
function watchForUpdates(registration: ServiceWorkerRegistration, onUpdateReady: UpdateReady): void {
  const container = navigator.serviceWorker;
  // Once a page runs on one version, another version taking over (this tab's Reload or another
  // tab's) would leave it half-old, asking for files that may be gone: it reloads instead.
  let controlled = Boolean(container.controller);
  container.addEventListener('controllerchange', () => {
    if (controlled) location.reload();
    controlled = true;
  });

  const announce = () => {
    const waiting = registration.waiting;
    // Without a controller this is the first install, which takes over by itself.
    if (waiting && container.controller) onUpdateReady(() => waiting.postMessage({ type: 'SKIP_WAITING' }));
  };
  const track = (installing: ServiceWorker | null) =>
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') announce();
    });
  registration.addEventListener('updatefound', () => track(registration.installing));
  // The browser may have found the new version while this page was loading: already installing
  // (its updatefound has passed) or already waiting.
  track(registration.installing);
  announce();

  // An open app learns of a deploy when it starts and when its tab is shown again.
  const check = () => void registration.update().catch(() => undefined); // offline: nothing new to learn
  check();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}
