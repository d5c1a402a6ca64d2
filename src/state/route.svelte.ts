/** The hash route (`#/wall`, `#/join?show=abc`): path and query parameters, as runes. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = raw.split('?');
  return { path: path.startsWith('/') ? path : `/${path}`, params: new URLSearchParams(query) };
}

class Router {
  current = $state<Route>(parse(typeof location === 'undefined' ? '' : location.hash));
  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => (this.current = parse(location.hash)));
    }
  }
  go(path: string): void {
    location.hash = `#${path}`;
  }
}

export const router = new Router();
