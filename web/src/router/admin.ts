// Routes of the admin console, served at `/admin/`; every page but sign-in needs an admin role.
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import { consoleRoutes } from './console';
import { adminAccess, guardSignIn } from './guard';
import { adminHomeRoutes } from './modules/adminHome';
import { auditRoutes } from './modules/audit';
import { campaignRoutes } from './modules/campaigns';
import { feedbackRoutes } from './modules/feedback';
import { historyRoutes } from './modules/history';
import { memberRoutes } from './modules/members';
import { merchantRoutes } from './modules/merchants';
import { newsRoutes } from './modules/news';
import { noticeRoutes } from './modules/notices';
import { orgRoutes } from './modules/orgs';
import { pointsRoutes } from './modules/points';
import { reportPrintRoutes, reportRoutes } from './modules/reports';
import { smsRoutes } from './modules/sms';
import { trainingQrRoutes, trainingRoutes } from './modules/training';
import { subsidyRoutes } from './modules/subsidies';

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: consoleRoutes({
    titleKey: 'app.adminShortTitle',
    subtitleKey: 'signIn.adminSubtitle',
    access: adminAccess,
    welcomeKey: 'console.welcome',
    standalone: [...reportPrintRoutes, ...trainingQrRoutes],
    home: adminHomeRoutes,
    pages: [
      ...orgRoutes,
      ...memberRoutes,
      ...historyRoutes,
      ...pointsRoutes,
      ...merchantRoutes,
      ...campaignRoutes,
      ...trainingRoutes,
      ...subsidyRoutes,
      ...noticeRoutes,
      ...newsRoutes,
      ...reportRoutes,
      ...feedbackRoutes,
      ...auditRoutes,
      ...smsRoutes,
    ],
  }),
});

guardSignIn(router, adminAccess);
