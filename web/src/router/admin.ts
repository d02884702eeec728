// Routes of the admin console, served at `/admin/`.
import { HomeFilled } from '@element-plus/icons-vue';
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import ConsoleLayout from '@/layouts/ConsoleLayout.vue';

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: [
    {
      path: '/',
      component: ConsoleLayout,
      props: { titleKey: 'app.adminShortTitle' },
      children: [
        {
          path: '',
          name: 'home',
          component: () => import('@/views/admin/home/index.vue'),
          meta: { titleKey: 'menu.overview', icon: HomeFilled },
        },
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
