// Routes of the member H5, served at `/`; every page but sign-in needs the member role.
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import MemberLayout from '@/layouts/MemberLayout.vue';
import { guardSignIn, memberAccess, signInRouteName } from './guard';
import { notFoundPage, pageRoutes, type ViewFiles } from './pages';

const memberViews: ViewFiles = import.meta.glob('../views/member/*/index.vue', { import: 'default' });

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    ...pageRoutes(memberViews, [
      { path: '/login', view: 'sign-in', name: signInRouteName, titleKey: 'menu.signIn', public: true },
      // One-time links: invitations to a role and member activations, opened before any sign-in.
      { path: '/invite/:token', view: 'invite', name: 'invite', titleKey: 'invite.titleRole', public: true, props: true },
      { path: '/activate/:token', view: 'invite', name: 'activate', titleKey: 'invite.titleActivation', public: true, props: true },
      // The public check a training certificate's QR code opens.
      { path: '/certificates/:code', view: 'certificate-check', titleKey: 'menu.certificateCheck', public: true },
      // 户外劳动者服务站: for anyone (outdoor workers are often not members); a station's QR opens
      // its page with ?code= to check in.
      { path: '/stations', view: 'stations', titleKey: 'menu.stations', public: true },
      { path: '/stations/:id', view: 'station-detail', titleKey: 'menu.stationDetail', public: true, props: true },
    ]),
    {
      path: '/',
      component: MemberLayout,
      children: pageRoutes(memberViews, [
        { path: '', view: 'home', titleKey: 'menu.home' },
        { path: 'merchants', view: 'merchants', titleKey: 'menu.merchants' },
        { path: 'merchants/:id', view: 'merchant-detail', titleKey: 'menu.merchantDetail', menuRoute: 'merchants' },
        { path: 'campaigns', view: 'campaigns', titleKey: 'menu.campaigns' },
        { path: 'campaigns/:id', view: 'campaign-detail', titleKey: 'menu.campaignDetail', menuRoute: 'campaigns' },
        { path: 'training', view: 'training', titleKey: 'menu.training', menuRoute: 'home' },
        { path: 'training/sign-in', view: 'training-sign-in', titleKey: 'menu.trainingSignIn', menuRoute: 'training' },
        { path: 'training/certificates/:id', view: 'training-certificate', titleKey: 'menu.trainingCertificate', menuRoute: 'my-training' },
        { path: 'training/:id', view: 'training-detail', titleKey: 'menu.trainingDetail', menuRoute: 'training' },
        { path: 'news', view: 'news', titleKey: 'menu.news', menuRoute: 'home' },
        { path: 'news/:id', view: 'news-detail', titleKey: 'menu.newsDetail', menuRoute: 'home' },
        { path: 'model-workers', view: 'model-workers', titleKey: 'menu.modelWorkers', menuRoute: 'home' },
        { path: 'model-workers/:id', view: 'model-worker-detail', titleKey: 'menu.modelWorkerDetail', menuRoute: 'home' },
        // 就业服务: jobs are browsed by anyone; a job seeker who is not a member follows their own
        // applications and may apply to join the union.
        { path: 'jobs', view: 'jobs', titleKey: 'menu.jobs', menuRoute: 'home', public: true },
        { path: 'jobs/register', view: 'job-seeker-register', titleKey: 'menu.jobSeekerRegister', menuRoute: 'jobs', public: true },
        { path: 'jobs/:id', view: 'job-detail', titleKey: 'menu.jobDetail', menuRoute: 'jobs', public: true },
        { path: 'me/job-profile', view: 'job-profile', titleKey: 'menu.jobProfile', menuRoute: 'me', signedIn: true },
        { path: 'me/job-applications', view: 'my-job-applications', titleKey: 'menu.myJobApplications', menuRoute: 'me', signedIn: true },
        { path: 'me/job-alerts', view: 'job-alerts', titleKey: 'menu.jobAlerts', menuRoute: 'me' },
        { path: 'join', view: 'join-union', titleKey: 'menu.joinUnion', menuRoute: 'home', signedIn: true },
        { path: 'villages', view: 'villages', titleKey: 'menu.villages', menuRoute: 'home', public: true },
        { path: 'villages/:id', view: 'village-detail', titleKey: 'menu.villageDetail', menuRoute: 'home', public: true },
        { path: 'me/volunteer', view: 'my-volunteer', titleKey: 'menu.myVolunteer', menuRoute: 'me' },
        { path: 'job-fairs', view: 'job-fairs', titleKey: 'jobFair.title', menuRoute: 'home' },
        { path: 'job-fairs/:id', view: 'job-fair-detail', titleKey: 'jobFair.detailTitle', menuRoute: 'home' },
        { path: 'mentors', view: 'mentors', titleKey: 'mentor.title', menuRoute: 'home' },
        { path: 'me/mentoring', view: 'mentoring', titleKey: 'mentor.mentoringTitle', menuRoute: 'me', signedIn: true },
        { path: 'me', view: 'me', titleKey: 'menu.me' },
        { path: 'me/points', view: 'points', titleKey: 'menu.points', menuRoute: 'me' },
        { path: 'me/vouchers', view: 'vouchers', titleKey: 'menu.vouchers', menuRoute: 'me' },
        { path: 'me/card', view: 'card', titleKey: 'menu.memberCard', menuRoute: 'me' },
        { path: 'me/messages', view: 'messages', titleKey: 'menu.messages', menuRoute: 'me' },
        { path: 'me/entries', view: 'my-entries', titleKey: 'menu.myEntries', menuRoute: 'me' },
        { path: 'me/favourites', view: 'favourites', titleKey: 'menu.favourites', menuRoute: 'me' },
        { path: 'me/training', view: 'my-training', titleKey: 'menu.myTraining', menuRoute: 'me' },
        { path: 'me/feedback', view: 'feedback', titleKey: 'menu.feedback', menuRoute: 'me' },
        { path: 'me/password', view: 'password', name: 'change-password', titleKey: 'menu.changePassword', menuRoute: 'me' },
        { path: 'settings', view: 'settings', titleKey: 'menu.settings', menuRoute: 'me' },
        { path: 'subsidy', view: 'subsidy', titleKey: 'menu.subsidy', menuRoute: 'home' },
        { path: 'subsidy/apply', view: 'subsidy-apply', titleKey: 'menu.subsidyApply', menuRoute: 'home' },
        { path: 'me/subsidy', view: 'my-subsidy', titleKey: 'menu.mySubsidy', menuRoute: 'me' },
        { path: 'subsidies/applications/:id', view: 'subsidy-application', titleKey: 'menu.subsidyApplication', menuRoute: 'me' },
        notFoundPage,
      ]),
    },
  ],
});

guardSignIn(router, memberAccess);
