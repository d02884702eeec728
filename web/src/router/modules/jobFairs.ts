// Admin console pages of 招聘会 and 创业指导: the fairs with their registrations and check-ins,
// the mentors with their times; and a fair's door check-in, which stands alone (no side menu or
// header) so that it fits a phone held in one hand.
import { Guide, Tickets } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const jobFairRoutes = pageRoutes(adminViews, [
  { path: 'job-fairs', view: 'job-fairs', titleKey: 'jobFair.consoleTitle', icon: Tickets, menuGroup: 'jobs' },
  { path: 'mentors', view: 'mentors', titleKey: 'mentor.consoleTitle', icon: Guide, menuGroup: 'jobs' },
]);

export const jobFairDoorRoutes = pageRoutes(adminViews, [
  { path: '/job-fairs/:id/door', view: 'job-fair-door', props: true, titleKey: 'jobFair.doorTitle' },
]);
