// The consoles' frame, built once for the admin and the merchant console: sign-in, the pages
// that stand alone, then the layout with the overview, the console's pages and not-found.
import { HomeFilled } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';
import ConsoleLayout from '@/layouts/ConsoleLayout.vue';
import { signInRouteName, type AppAccess } from './guard';
import { notFoundPage, pageRoutes, type ViewFiles } from './pages';

const consoleViews: ViewFiles = import.meta.glob('../views/console/*/index.vue', { import: 'default' });

export interface ConsoleFrame {
  // i18n keys of the console's short title and of the sign-in page's subtitle.
  titleKey: string;
  subtitleKey: string;
  access: AppAccess;
  // i18n key of the overview page's welcome.
  welcomeKey: string;
  // Pages outside the console frame that need no sign-in or show alone.
  standalone: RouteRecordRaw[];
  // The console's pages, in the order of its side menu.
  pages: RouteRecordRaw[];
  // The overview page at the console's root (path '', named 'home'); the welcome with the
  // server's state when left out.
  home?: RouteRecordRaw[];
}

export function consoleRoutes(frame: ConsoleFrame): RouteRecordRaw[] {
  const { titleKey, subtitleKey, access, welcomeKey } = frame;
  return [
    ...pageRoutes(consoleViews, [
      {
        path: '/login',
        view: 'sign-in',
        name: signInRouteName,
        props: { titleKey, subtitleKey, access },
        titleKey: 'menu.signIn',
        public: true,
      },
    ]),
    ...frame.standalone,
    {
      path: '/',
      component: ConsoleLayout,
      props: { titleKey },
      children: [
        ...(frame.home ??
          pageRoutes(consoleViews, [{ path: '', view: 'home', props: { welcomeKey }, titleKey: 'menu.overview', icon: HomeFilled }])),
        ...frame.pages,
        ...pageRoutes(consoleViews, [notFoundPage]),
      ],
    },
  ];
}
