// Routes of the merchant console, served at `/merchant/`; every page but sign-in needs the
// merchant staff role.
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import { guardSignIn, merchantAccess } from './guard';
import { consoleRoutes } from './console';
import { merchantConsoleRoutes, merchantViews } from './modules/merchantConsole';
import { pageRoutes } from './pages';

export const router = createRouter({
  history: createWebHistory('/merchant/'),
  routes: consoleRoutes({
    titleKey: 'app.merchantShortTitle',
    subtitleKey: 'signIn.merchantSubtitle',
    access: merchantAccess,
    welcomeKey: 'console.merchantWelcome',
    // The public application form: no sign-in, no console frame.
    standalone: pageRoutes(merchantViews, [
      { path: '/apply', view: 'apply', name: 'merchant-apply', titleKey: 'consoleMenu.merchantApply', public: true },
    ]),
    pages: merchantConsoleRoutes,
  }),
});

guardSignIn(router, merchantAccess);
