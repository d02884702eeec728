// Admin console pages of 帮促清单: the pairings of the admin's subtree and each pairing's page
// (its help list, households, visits and outcomes).
import { Flag } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const helplistRoutes = pageRoutes(adminViews, [
  { path: 'pairings', view: 'pairings', titleKey: 'consoleMenu.pairings', icon: Flag },
  { path: 'pairings/:id', view: 'pairing-detail', props: true, titleKey: 'consoleMenu.pairingDetail', menuRoute: 'pairings' },
]);
