import { parseHash, type Route } from './router';

/**
 * The current hash route as reactive state. Call during component initialisation (it registers a
 * `hashchange` listener through `$effect`, removed when the component is destroyed).
 */
export function useHashRoute(): { readonly current: Route } {
  let route = $state<Route>(parseHash(window.location.hash));
  $effect(() => {
    const onHashChange = (): void => {
      route = parseHash(window.location.hash);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  });
  return {
    get current() {
      return route;
    },
  };
}
