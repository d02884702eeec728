// Entry of the employer console (Element Plus), served at `/employer/`.
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { setErrorPresenter } from '@/api/client';
import { i18n } from '@/locales';
import { router } from '@/router/employer';
import '@/styles/console.css';
import App from './App.vue';

setErrorPresenter((message) => void ElMessage({ message, type: 'error', showClose: true }));

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app');
