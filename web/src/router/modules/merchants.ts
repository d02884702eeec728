// Admin console pages of 优惠购: application review, the signed merchants and one merchant.
import { DocumentChecked, Shop } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const merchantRoutes = pageRoutes(adminViews, [
  {
    path: 'merchant-applications',
    view: 'merchant-applications',
    titleKey: 'consoleMenu.merchantApplications',
    icon: DocumentChecked,
    menuGroup: 'merchants',
  },
  { path: 'merchants', view: 'merchants', titleKey: 'consoleMenu.merchants', icon: Shop, menuGroup: 'merchants' },
  { path: 'merchants/:id', view: 'merchant-detail', props: true, titleKey: 'consoleMenu.merchantDetail', menuRoute: 'merchants' },
]);
