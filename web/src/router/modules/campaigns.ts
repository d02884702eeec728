// Admin console pages of campaigns: the list with its actions, and a new draft.
import { Present } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const campaignRoutes = pageRoutes(adminViews, [
  { path: 'campaigns', view: 'campaigns', titleKey: 'consoleMenu.campaigns', icon: Present },
  { path: 'campaigns/new', view: 'campaign-create', titleKey: 'consoleMenu.campaignCreate', menuRoute: 'campaigns' },
]);
