// Routes of the member H5, served at `/`; every page but sign-in needs the member role.
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import MemberLayout from '@/layouts/MemberLayout.vue';
import { guardSignIn, memberAccess, signInRouteName } from './guard';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    {
      path: '/login',
      name: signInRouteName,
      component: () => import('@/views/member/sign-in/index.vue'),
      meta: { titleKey: 'menu.signIn', public: true },
    },
    {
      path: '/',
      component: MemberLayout,
      children: [
        { path: '', name: 'home', component: () => import('@/views/member/home/index.vue'), meta: { titleKey: 'menu.home' } },
        {
          path: 'merchants',
          name: 'merchants',
          component: () => import('@/views/member/merchants/index.vue'),
          meta: { titleKey: 'menu.merchants' },
        },
        {
          path: 'merchants/:id',
          name: 'merchant-detail',
          component: () => import('@/views/member/merchant-detail/index.vue'),
          meta: { titleKey: 'menu.merchantDetail', menuRoute: 'merchants' },
        },
        {
          path: 'campaigns',
          name: 'campaigns',
          component: () => import('@/views/member/campaigns/index.vue'),
          meta: { titleKey: 'menu.campaigns' },
        },
        {
          path: 'campaigns/:id',
          name: 'campaign-detail',
          component: () => import('@/views/member/campaign-detail/index.vue'),
          meta: { titleKey: 'menu.campaignDetail', menuRoute: 'campaigns' },
        },
        { path: 'me', name: 'me', component: () => import('@/views/member/me/index.vue'), meta: { titleKey: 'menu.me' } },
        {
          path: 'me/points',
          name: 'points',
          component: () => import('@/views/member/points/index.vue'),
          meta: { titleKey: 'menu.points', menuRoute: 'me' },
        },
        {
          path: 'me/vouchers',
          name: 'vouchers',
          component: () => import('@/views/member/vouchers/index.vue'),
          meta: { titleKey: 'menu.vouchers', menuRoute: 'me' },
        },
        {
          path: 'me/password',
          name: 'change-password',
          component: () => import('@/views/member/password/index.vue'),
          meta: { titleKey: 'menu.changePassword', menuRoute: 'me' },
        },
        {
          path: 'settings',
          name: 'settings',
          component: () => import('@/views/member/settings/index.vue'),
          meta: { titleKey: 'menu.settings', menuRoute: 'me' },
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

guardSignIn(router, memberAccess);
