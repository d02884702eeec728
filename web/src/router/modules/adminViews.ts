// The admin console's page views (`views/admin/<page>/index.vue`), for its route modules.
import type { ViewFiles } from '../pages';

export const adminViews: ViewFiles = import.meta.glob('../../views/admin/*/index.vue', { import: 'default' });
