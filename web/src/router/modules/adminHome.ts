// The admin console's overview (概览): the to-do list of the admin's subtree, at the root.
import { HomeFilled } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const adminHomeRoutes = pageRoutes(adminViews, [
  { path: '', view: 'overview', name: 'home', titleKey: 'menu.overview', icon: HomeFilled },
]);
