// The Vant tag type of each fair status, shared by the list and the detail page.
import type { JobFairStatus } from '@/api/jobFairs';

export const fairStatusTagTypes: Record<JobFairStatus, 'primary' | 'success' | 'default' | 'danger'> = {
  upcoming: 'success',
  open: 'primary',
  finished: 'default',
  cancelled: 'danger',
};
