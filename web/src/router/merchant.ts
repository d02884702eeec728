// Routes of the merchant console, served at `/merchant/`.
import { HomeFilled } from '@element-plus/icons-vue';
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import ConsoleLayout from '@/layouts/ConsoleLayout.vue';

export const router = createRouter({
  history: createWebHistory('/merchant/'),
  routes: [
    {
      path: '/',
      component: ConsoleLayout,
      props: { titleKey: 'app.merchantShortTitle' },
      children: [
        {
          path: '',
          name: 'home',
          component: () => import('@/views/merchant/home/index.vue'),
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
