// Routes of the member H5, served at `/`.
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import MemberLayout from '@/layouts/MemberLayout.vue';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    {
      path: '/',
      component: MemberLayout,
      children: [
        { path: '', name: 'home', component: () => import('@/views/member/home/index.vue'), meta: { titleKey: 'menu.home' } },
        {
          path: 'settings',
          name: 'settings',
          component: () => import('@/views/member/settings/index.vue'),
          meta: { titleKey: 'menu.settings' },
        },
        {
          path: ':path(.*)*',
          name: 'not-found',
          component: () => import('@/views/member/not-found/index.vue'),
          meta: { titleKey: 'notFound.title' },
        },
      ],
    },
  ],
});
