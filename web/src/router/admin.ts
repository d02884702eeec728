// Routes of the admin console, served at `/admin/`; every page but sign-in needs an admin role.
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import { consoleRoutes } from './console';
import { adminAccess, guardSignIn } from './guard';
import { adminHomeRoutes } from './modules/adminHome';
import { auditRoutes } from './modules/audit';
import { campaignRoutes } from './modules/campaigns';
import { feedbackRoutes } from './modules/feedback';
import { helplistRoutes } from './modules/helplists';
import { historyRoutes } from './modules/history';
import { jobFairDoorRoutes, jobFairRoutes } from './modules/jobFairs';
import { jobRoutes } from './modules/jobs';
import { memberRoutes } from './modules/members';
import { merchantRoutes } from './modules/merchants';
import { newsRoutes } from './modules/news';
import { noticeRoutes } from './modules/notices';
import { orgRoutes } from './modules/orgs';
import { pointsRoutes } from './modules/points';
import { reportPrintRoutes, reportRoutes } from './modules/reports';
import { smsRoutes } from './modules/sms';
import { stationRoutes } from './modules/stations';
import { trainingQrRoutes, trainingRoutes } from './modules/training';
import { subsidyRoutes } from './modules/subsidies';

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: consoleRoutes({
    titleKey: 'app.adminShortTitle',
    subtitleKey: 'signIn.adminSubtitle',
    access: adminAccess,
    welcomeKey: 'console.welcome',
    standalone: [...reportPrintRoutes, ...trainingQrRoutes, ...jobFairDoorRoutes],
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
      ...jobRoutes,
      ...stationRoutes,
      ...jobFairRoutes,
      ...noticeRoutes,
      ...newsRoutes,
      ...helplistRoutes,
      ...reportRoutes,
      ...feedbackRoutes,
      ...auditRoutes,
      ...smsRoutes,
    ],
  }),
});

guardSignIn(router, adminAccess);
