// Routes of the merchant console, served at `/merchant/`; every page but sign-in needs the
// merchant staff role.
import { HomeFilled } from '@element-plus/icons-vue';
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import ConsoleLayout from '@/layouts/ConsoleLayout.vue';
import { guardSignIn, merchantAccess, signInRouteName } from './guard';
import { merchantConsoleRoutes } from './modules/merchantConsole';

export const router = createRouter({
  history: createWebHistory('/merchant/'),
  routes: [
    {
      path: '/login',
      name: signInRouteName,
      component: () => import('@/views/console/sign-in/index.vue'),
      props: { titleKey: 'app.merchantShortTitle', subtitleKey: 'signIn.merchantSubtitle', access: merchantAccess },
      meta: { titleKey: 'menu.signIn', public: true },
    },
    {
      // The public application form: no sign-in, no console frame.
      path: '/apply',
      name: 'merchant-apply',
      component: () => import('@/views/merchant/apply/index.vue'),
      meta: { titleKey: 'consoleMenu.merchantApply', public: true },
    },
    {
      path: '/',
      component: ConsoleLayout,
      props: { titleKey: 'app.merchantShortTitle' },
      children: [
        {
          path: '',
          name: 'home',
          component: () => import('@/views/console/home/index.vue'),
          props: { welcomeKey: 'console.merchantWelcome' },
          meta: { titleKey: 'menu.overview', icon: HomeFilled },
        },
        ...merchantConsoleRoutes,
        {
          path: ':path(.*)*',
          name: 'not-found',
          component: () => import('@/views/console/not-found/index.vue'),
          meta: { titleKey: 'notFound.title' },
        },
      ],
    },
  ],
});

guardSignIn(router, merchantAccess);
