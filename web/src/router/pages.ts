// Route records from compact page lists: each page names its path, its view folder and its
// metadata on one line.
import type { RouteComponent, RouteMeta, RouteRecordRaw } from 'vue-router';

// The page views of one audience by file, each loaded when its route is first visited: what
// `import.meta.glob('../views/<audience>/*/index.vue', { import: 'default' })` returns. Each app
// globs only its own audiences, so that no app's bundle lists another's pages.
export type ViewFiles = Record<string, () => Promise<RouteComponent>>;

// A page: where it is, what it shows, and its metadata (`titleKey`, `icon`, `menuRoute`, …).
export interface Page extends RouteMeta {
  path: string;
  // Folder of the view in its audience's views (`views/<audience>/<view>/index.vue`).
  view: string;
  // Route name; the view's folder when left out.
  name?: string;
  // Props handed to the view: `true` for the route's params.
  props?: boolean | Record<string, unknown>;
}

export function pageRoutes(views: ViewFiles, pages: readonly Page[]): RouteRecordRaw[] {
  return pages.map(({ path, view, name, props, ...meta }) => {
    const component = Object.entries(views).find(([file]) => file.endsWith(`/${view}/index.vue`))?.[1];
    // A page list naming a view that does not exist is a mistake in this folder, not input.
    if (!component) throw new Error(`router: no view ${view}`);
    return { path, name: name ?? view, component, ...(props === undefined ? {} : { props }), meta };
  });
}

// The page of any path no route knows, inside the layout.
export const notFoundPage: Page = { path: ':path(.*)*', view: 'not-found', titleKey: 'notFound.title' };
