// Admin console page of text messages (短信): per-kind settings and the demo outbox.
import { Message } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const smsRoutes = pageRoutes(adminViews, [{ path: 'sms', view: 'sms', titleKey: 'menu.sms', icon: Message }]);
