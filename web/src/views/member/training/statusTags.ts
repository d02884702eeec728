// The Vant tag type of each course status and of each state of a member's place, shared by the
// training pages.
import type { EnrolmentState, TrainingStatus } from '@/api/training';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'default';

export const courseStatusTagTypes: Record<TrainingStatus, TagType> = {
  draft: 'default',
  published: 'warning',
  enrolling: 'primary',
  awaiting_draw: 'warning',
  closed: 'default',
  finished: 'default',
  cancelled: 'danger',
};

export const enrolmentStateTagTypes: Record<EnrolmentState, TagType> = {
  applied: 'warning',
  enrolled: 'success',
  waiting: 'warning',
  offered: 'danger',
  cancelled: 'default',
  lapsed: 'default',
};
