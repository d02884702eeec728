// Routes of the admin console, served at `/admin/`; every page but sign-in needs an admin role.
import { HomeFilled } from '@element-plus/icons-vue';
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import ConsoleLayout from '@/layouts/ConsoleLayout.vue';
import { adminAccess, guardSignIn, signInRouteName } from './guard';
import { auditRoutes } from './modules/audit';
import { campaignRoutes } from './modules/campaigns';
import { memberRoutes } from './modules/members';
import { merchantRoutes } from './modules/merchants';
import { orgRoutes } from './modules/orgs';
import { pointsRoutes } from './modules/points';
import { reportPrintRoutes, reportRoutes } from './modules/reports';

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: [
    {
      path: '/login',
      name: signInRouteName,
      component: () => import('@/views/console/sign-in/index.vue'),
      props: { titleKey: 'app.adminShortTitle', subtitleKey: 'signIn.adminSubtitle', access: adminAccess },
      meta: { titleKey: 'menu.signIn', public: true },
    },
    ...reportPrintRoutes,
    {
      path: '/',
      component: ConsoleLayout,
      props: { titleKey: 'app.adminShortTitle' },
      children: [
        {
          path: '',
          name: 'home',
          component: () => import('@/views/console/home/index.vue'),
          props: { welcomeKey: 'console.welcome' },
          meta: { titleKey: 'menu.overview', icon: HomeFilled },
        },
        ...orgRoutes,
        ...memberRoutes,
        ...pointsRoutes,
        ...merchantRoutes,
        ...campaignRoutes,
        ...reportRoutes,
        ...auditRoutes,
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

guardSignIn(router, adminAccess);
