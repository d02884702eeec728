// Entry of the public draw-verification page, served at `/verify/` without sign-in.
import { createApp } from 'vue';
import { createI18n } from 'vue-i18n';
import { currentLocale, type AppLocale } from '@/locales';
import en from '@/locales/verify/en';
import zhCN from '@/locales/verify/zh-CN';
import App from './App.vue';

type Schema = typeof zhCN;

// The page's own few messages, in the language every app shares (the member's choice, or
// Chinese); the shared set-up also asks the API in that language.
const i18n = createI18n<[Schema], AppLocale, false>({
  legacy: false,
  locale: currentLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});
createApp(App).use(i18n).mount('#app');
