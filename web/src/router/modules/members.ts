// Admin console pages of members: the list, one member, and the roster import.
import { Upload, UserFilled } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const memberRoutes: RouteRecordRaw[] = [
  {
    path: 'members',
    name: 'members',
    component: () => import('@/views/admin/members/index.vue'),
    meta: { titleKey: 'menu.members', icon: UserFilled },
  },
  {
    path: 'members/import',
    name: 'roster-import',
    component: () => import('@/views/admin/roster-import/index.vue'),
    meta: { titleKey: 'menu.rosterImport', icon: Upload },
  },
  {
    path: 'members/:id',
    name: 'member-detail',
    component: () => import('@/views/admin/member-detail/index.vue'),
    props: true,
    meta: { titleKey: 'menu.memberDetail', menuRoute: 'members' },
  },
];
