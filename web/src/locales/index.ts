// vue-i18n set-up shared by the three apps: Simplified Chinese first, English second; the
// member's choice is kept in localStorage so every app opens in the same language.
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import accessEn from './access/en';
import accessZhCN, { type AccessSchema } from './access/zh-CN';
import cardEn from './card/en';
import cardZhCN, { type CardSchema } from './card/zh-CN';
import consoleBenefitsEn from './console-benefits/en';
import consoleBenefitsZhCN, { type ConsoleBenefitsSchema } from './console-benefits/zh-CN';
import consoleHistoryEn from './console-history/en';
import consoleHistoryZhCN, { type ConsoleHistorySchema } from './console-history/zh-CN';
import consoleReportEn from './console-report/en';
import consoleReportZhCN, { type ConsoleReportSchema } from './console-report/zh-CN';
import en from './en';
import memberBenefitsEn from './member-benefits/en';
import memberBenefitsZhCN, { type MemberBenefitsSchema } from './member-benefits/zh-CN';
import jobSeekerEn from './job-seeker/en';
import jobSeekerZhCN, { type JobSeekerSchema } from './job-seeker/zh-CN';
import messagesEn from './messages/en';
import messagesZhCN, { type MessagesSchema } from './messages/zh-CN';
import memberMineEn from './member-mine/en';
import memberMineZhCN, { type MemberMineSchema } from './member-mine/zh-CN';
import trainingEn from './training/en';
import trainingZhCN, { type TrainingSchema } from './training/zh-CN';
import subsidyEn from './subsidy/en';
import subsidyZhCN, { type SubsidySchema } from './subsidy/zh-CN';
import newsEn from './news/en';
import newsZhCN, { type NewsSchema } from './news/zh-CN';
import jobFairsEn from './job-fairs/en';
import jobFairsZhCN, { type JobFairsSchema } from './job-fairs/zh-CN';
import jobsConsoleEn from './jobs-console/en';
import jobsConsoleZhCN, { type JobsConsoleSchema } from './jobs-console/zh-CN';
import stationsEn from './stations/en';
import stationsZhCN, { type StationsSchema } from './stations/zh-CN';
import helplistsEn from './helplists/en';
import helplistsZhCN, { type HelplistsSchema } from './helplists/zh-CN';
import zhCN, { type MessageSchema as CoreMessageSchema } from './zh-CN';

function isMessageGroup(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A feature's messages kept in their own files: new sections are added, and new keys join
// existing sections (`menu`, `errors`) and the groups inside them (`messages.kinds`).
function withMessages<Base extends object, Extra extends object>(base: Base, extra: Extra): Base & Extra {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, messages] of Object.entries(extra)) {
    const existing = merged[key];
    merged[key] = isMessageGroup(existing) && isMessageGroup(messages) ? withMessages(existing, messages) : messages;
  }
  return merged as Base & Extra;
}

type MessageSchema = CoreMessageSchema &
  MemberBenefitsSchema &
  ConsoleBenefitsSchema &
  ConsoleReportSchema &
  ConsoleHistorySchema &
  AccessSchema &
  CardSchema &
  MessagesSchema &
  MemberMineSchema &
  TrainingSchema &
  SubsidySchema &
  NewsSchema &
  JobsConsoleSchema &
  JobSeekerSchema &
  StationsSchema &
  HelplistsSchema &
  JobFairsSchema;

export const supportedLocales = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof supportedLocales)[number];
export const defaultLocale: AppLocale = 'zh-CN';
const storageKey = 'gonghui.locale';

function isAppLocale(value: unknown): value is AppLocale {
  return supportedLocales.includes(value as AppLocale);
}

function storedLocale(): AppLocale {
  try {
    const value = window.localStorage.getItem(storageKey);
    return isAppLocale(value) ? value : defaultLocale;
  } catch {
    // Storage can be disabled (private mode, strict settings): fall back to the default.
    return defaultLocale;
  }
}

// Each feature's messages in their own files, merged over the core ones in this order.
const featureMessages: Record<AppLocale, object[]> = {
  'zh-CN': [
    memberBenefitsZhCN,
    consoleBenefitsZhCN,
    consoleReportZhCN,
    consoleHistoryZhCN,
    accessZhCN,
    cardZhCN,
    messagesZhCN,
    memberMineZhCN,
    trainingZhCN,
    subsidyZhCN,
    newsZhCN,
    jobsConsoleZhCN,
    jobSeekerZhCN,
    stationsZhCN,
    helplistsZhCN,
    jobFairsZhCN,
  ],
  en: [
    memberBenefitsEn,
    consoleBenefitsEn,
    consoleReportEn,
    consoleHistoryEn,
    accessEn,
    cardEn,
    messagesEn,
    memberMineEn,
    trainingEn,
    subsidyEn,
    newsEn,
    jobsConsoleEn,
    jobSeekerEn,
    stationsEn,
    helplistsEn,
    jobFairsEn,
  ],
};

function localeMessages(locale: AppLocale, core: object): MessageSchema {
  return featureMessages[locale].reduce((all, extra) => withMessages(all, extra), core) as MessageSchema;
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: defaultLocale,
  messages: {
    'zh-CN': localeMessages('zh-CN', zhCN),
    en: localeMessages('en', en),
  },
});

document.documentElement.lang = i18n.global.locale.value;

export function currentLocale(): AppLocale {
  return i18n.global.locale.value;
}

// Changes the language of the running app and remembers it for the next visit.
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // Not remembered, but the switch still applies to this page.
  }
}

// The language a one-click switch goes to, named in that language (as language menus do).
export function useLocaleSwitch() {
  const nextLocale = computed<AppLocale>(() => {
    const index = supportedLocales.indexOf(i18n.global.locale.value);
    return supportedLocales[(index + 1) % supportedLocales.length] ?? defaultLocale;
  });
  const nextLocaleName = computed(() => i18n.global.t('locale.name', {}, { locale: nextLocale.value }));
  return { nextLocale, nextLocaleName, switchLocale: () => setLocale(nextLocale.value) };
}

// Keeps the browser tab title in the current language.
export function useDocumentTitle(titleKey: 'app.memberTitle' | 'app.adminTitle' | 'app.merchantTitle' | 'app.employerTitle') {
  return computed(() => i18n.global.t(titleKey));
}

// Types `t('…')` keys in every component against the Chinese messages.
declare module 'vue-i18n' {
  export interface DefineLocaleMessage extends MessageSchema {}
}
