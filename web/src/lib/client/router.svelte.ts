// Client-side routes without a router library: the path is state, links
// push history, the back button pops it. The server answers every route
// with index.html.

export type Route =
  | { page: 'landing' }
  | { page: 'play'; lesson: string | null }
  | { page: 'join'; code: string }
  | { page: 'instructor' }
  | { page: 'workshop'; id: string }
  | { page: 'not-found'; path: string };

function parse(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'landing' };
  if (path === '/play') return { page: 'play', lesson: null };
  const lesson = /^\/lessons\/([A-Za-z0-9_-]{1,100})$/.exec(path);
  if (lesson?.[1]) return { page: 'play', lesson: lesson[1] };
  const join = /^\/join(?:\/([A-Za-z0-9-]{1,40}))?$/.exec(path);
  if (join) return { page: 'join', code: join[1] ?? '' };
  if (path === '/instructor') return { page: 'instructor' };
  const workshop = /^\/instructor\/workshops\/([a-z0-9]{1,32})$/.exec(path);
  if (workshop?.[1]) return { page: 'workshop', id: workshop[1] };
  return { page: 'not-found', path };
}

class Router {
  route = $state<Route>(parse(location.pathname));

  /** Starts following the back/forward buttons; returns the function that stops it. */
  listen(): () => void {
    const onPop = () => (this.route = parse(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }

  navigate(path: string, replace = false): void {
    if (path === location.pathname) return;
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    this.route = parse(path);
  }

  /** Click handler for <a href>: same-tab navigation without a reload, but let modified clicks open tabs. */
  link = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.currentTarget;
    if (!(anchor instanceof HTMLAnchorElement) || anchor.target) return;
    event.preventDefault();
    this.navigate(anchor.pathname);
  };
}

export const router = new Router();

export function lessonPath(lesson: string | null): string {
  return lesson ? `/lessons/${encodeURIComponent(lesson)}` : '/play';
}

export function workshopPagePath(id: string): string {
  return `/instructor/workshops/${encodeURIComponent(id)}`;
}
