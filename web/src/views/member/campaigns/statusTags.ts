// The Vant tag type of each campaign status, shared by the campaign pages and the home page.
import type { CampaignStatus } from '@/api/campaigns';

export const statusTagTypes: Record<CampaignStatus, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  draft: 'default',
  published: 'warning',
  open: 'primary',
  closed: 'default',
  drawn: 'success',
  finished: 'default',
  cancelled: 'danger',
};
