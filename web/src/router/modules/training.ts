// Admin console pages of 技能培训: the courses with their editor, a course's page with its
// enrolments, a session's attendance, the figures; and the sign-in QR code for the teacher's
// phone, which stands alone (no side menu or header) so that it fills the screen.
import { Histogram, Reading } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const trainingRoutes = pageRoutes(adminViews, [
  { path: 'training/courses', view: 'training-courses', titleKey: 'consoleMenu.trainingCourses', icon: Reading, menuGroup: 'training' },
  {
    path: 'training/courses/new',
    view: 'training-course-edit',
    name: 'training-course-create',
    titleKey: 'consoleMenu.trainingCourseCreate',
    menuRoute: 'training-courses',
  },
  {
    path: 'training/courses/:id/edit',
    view: 'training-course-edit',
    name: 'training-course-edit',
    props: true,
    titleKey: 'consoleMenu.trainingCourseEdit',
    menuRoute: 'training-courses',
  },
  {
    path: 'training/courses/:id',
    view: 'training-course',
    props: true,
    titleKey: 'consoleMenu.trainingCourse',
    menuRoute: 'training-courses',
  },
  {
    path: 'training/sessions/:id/attendance',
    view: 'training-attendance',
    props: true,
    titleKey: 'consoleMenu.trainingAttendance',
    menuRoute: 'training-courses',
  },
  { path: 'training/figures', view: 'training-figures', titleKey: 'consoleMenu.trainingFigures', icon: Histogram, menuGroup: 'training' },
]);

export const trainingQrRoutes = pageRoutes(adminViews, [
  { path: '/training/sessions/:id/qr', view: 'training-session-qr', props: true, titleKey: 'consoleMenu.trainingQr' },
]);
