// English, the second language; typed against zh-CN so that no key is missing.
import type { MessageSchema } from './zh-CN';

const en: MessageSchema = {
  locale: {
    name: 'English',
    switchTo: 'Switch language',
  },
  app: {
    name: 'Gonghui',
    memberTitle: 'Gonghui',
    adminTitle: 'Gonghui · Admin',
    merchantTitle: 'Gonghui · Merchant',
    adminShortTitle: 'Admin console',
    merchantShortTitle: 'Merchant console',
  },
  menu: {
    home: 'Home',
    settings: 'Settings',
    overview: 'Overview',
  },
  system: {
    serverStatus: 'Server status',
    statusLabel: 'Status',
    databaseLabel: 'Database',
    versionLabel: 'Version',
    statusOk: 'Running',
    statusDegraded: 'Degraded',
    databases: {
      sqlite: 'SQLite',
      postgresql: 'PostgreSQL',
    },
    checking: 'Connecting to the server…',
    unreachableTitle: 'Cannot reach the server',
    retry: 'Retry',
    refresh: 'Refresh',
  },
  member: {
    welcome: 'Welcome to Gonghui',
    tagline: 'Union member benefits and farm aid in one place',
  },
  console: {
    welcome: 'Welcome to the Gonghui admin console',
    merchantWelcome: 'Welcome to the Gonghui merchant console',
  },
  settings: {
    language: 'Language',
  },
  notFound: {
    title: 'Page not found',
    description: 'The page you asked for does not exist or has been removed.',
    backHome: 'Back to home',
  },
  errors: {
    network_error: 'Cannot reach the server. Check your network.',
    server_error: 'The server had a problem. Please try again later.',
    unknown: 'Something went wrong. Please try again later.',
    csrf_failed: 'This page has expired. Reload it and try again.',
    unauthenticated: 'Please sign in first.',
    session_expired: 'Your session has expired. Please sign in again.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'What you asked for was not found.',
    too_many_attempts: 'Too many attempts. Please wait a moment.',
    overloaded: 'The server is busy. Please try again shortly.',
    internal: 'The server had an internal error. Please try again later.',
  },
};

export default en;
