// Admin console pages of 求学圆梦: the rounds (and one round), the review queue of the admin's
// step, and payments with the payout list.
import { DocumentChecked, Calendar, Wallet } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const subsidyRoutes = pageRoutes(adminViews, [
  { path: 'subsidy/rounds', view: 'subsidy-rounds', titleKey: 'consoleMenu.subsidyRounds', icon: Calendar, menuGroup: 'subsidy' },
  { path: 'subsidy/rounds/:id', view: 'subsidy-round', props: true, titleKey: 'consoleMenu.subsidyRound', menuRoute: 'subsidy-rounds' },
  { path: 'subsidy/review', view: 'subsidy-review', titleKey: 'consoleMenu.subsidyReview', icon: DocumentChecked, menuGroup: 'subsidy' },
  { path: 'subsidy/payouts', view: 'subsidy-payouts', titleKey: 'consoleMenu.subsidyPayouts', icon: Wallet, menuGroup: 'subsidy' },
]);
