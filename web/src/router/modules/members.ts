// Admin console pages of members: the list, one member, and the roster import.
import { Upload, UserFilled } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const memberRoutes = pageRoutes(adminViews, [
  { path: 'members', view: 'members', titleKey: 'menu.members', icon: UserFilled },
  { path: 'members/import', view: 'roster-import', titleKey: 'menu.rosterImport', icon: Upload },
  { path: 'members/:id', view: 'member-detail', props: true, titleKey: 'menu.memberDetail', menuRoute: 'members' },
]);
