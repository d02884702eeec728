// Admin console page of members' feedback (意见反馈) and the service hotline.
import { ChatLineSquare } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const feedbackRoutes = pageRoutes(adminViews, [
  { path: 'feedback', view: 'feedback', titleKey: 'menu.adminFeedback', icon: ChatLineSquare },
]);
