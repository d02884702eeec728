// The kinds of status StatusTag shows: each status's colour, where its words are, and the
// data-testid of the tag (`<StatusTag :status="…" v-bind="memberStatusTag" />`).
import type { MemberStatus } from '@/api/members';
import type { MerchantStatus } from '@/api/merchants';
import type { AttendanceStatus, EnrolmentState, TrainingStatus } from '@/api/training';
import type { ApplicationStatus, SubsidyRoundStatus } from '@/api/subsidies';
import type { ReviewStatus } from '@/api/review';
import type { EmployerStatus, JobApplicationStatus, JobStatus, JoiningStatus } from '@/api/jobConsole';
import type { StationAdmin, StationProblemStatus } from '@/api/stations';

export type StatusTagType = 'success' | 'warning' | 'danger' | 'info';

interface StatusTagKind<Status extends string> {
  types: Record<Status, StatusTagType>;
  labelKey: string;
  testid: string;
}

export const memberStatusTag: StatusTagKind<MemberStatus> = {
  types: { active: 'success', frozen: 'warning', left: 'info' },
  labelKey: 'members.statuses',
  testid: 'member-status',
};

export const merchantStatusTag: StatusTagKind<MerchantStatus> = {
  types: { signed: 'success', suspended: 'danger', expired: 'info' },
  labelKey: 'consoleMerchants.statuses',
  testid: 'merchant-status',
};

export const historyBatchStatusTag: StatusTagKind<'live' | 'undone'> = {
  types: { live: 'success', undone: 'info' },
  labelKey: 'history.statuses',
  testid: 'history-batch-status',
};

export const trainingCourseStatusTag: StatusTagKind<TrainingStatus> = {
  types: {
    draft: 'info',
    published: 'success',
    enrolling: 'success',
    awaiting_draw: 'warning',
    closed: 'info',
    finished: 'info',
    cancelled: 'danger',
  },
  labelKey: 'training.statuses',
  testid: 'course-status',
};

export const trainingEnrolmentStateTag: StatusTagKind<EnrolmentState> = {
  types: { applied: 'warning', enrolled: 'success', waiting: 'warning', offered: 'warning', cancelled: 'info', lapsed: 'info' },
  labelKey: 'training.states',
  testid: 'enrolment-state',
};

export const trainingAttendanceStatusTag: StatusTagKind<AttendanceStatus> = {
  types: { present: 'success', excused: 'warning', absent: 'danger', pending: 'info' },
  labelKey: 'consoleTraining.attendanceStatuses',
  testid: 'attendance-status',
};

export const subsidyRoundStatusTag: StatusTagKind<SubsidyRoundStatus> = {
  types: { draft: 'info', open: 'warning', approved: 'success' },
  labelKey: 'consoleSubsidy.roundStatuses',
  testid: 'subsidy-round-status',
};

export const subsidyApplicationStatusTag: StatusTagKind<ApplicationStatus> = {
  types: {
    submitted: 'warning',
    base_approved: 'warning',
    district_approved: 'warning',
    approved: 'success',
    paid: 'success',
    returned: 'danger',
    withdrawn: 'info',
  },
  labelKey: 'consoleSubsidy.statuses',
  testid: 'subsidy-status',
};

// Articles and model-worker profiles.
export const reviewStatusTag: StatusTagKind<ReviewStatus> = {
  types: { draft: 'info', submitted: 'warning', approved: 'warning', scheduled: 'success', published: 'success', withdrawn: 'danger' },
  labelKey: 'review.statuses',
  testid: 'review-status',
};

// 就业服务: jobs, applications to them, employers and 入会申请.
export const jobStatusTag: StatusTagKind<JobStatus> = {
  types: {
    draft: 'info',
    submitted: 'warning',
    returned: 'danger',
    published: 'success',
    expired: 'info',
    filled: 'info',
    taken_down: 'danger',
  },
  labelKey: 'employer.jobStatuses',
  testid: 'job-status',
};

export const jobApplicationStatusTag: StatusTagKind<JobApplicationStatus> = {
  types: { submitted: 'warning', viewed: 'info', interview: 'warning', hired: 'success', rejected: 'info' },
  labelKey: 'employer.applicationStatuses',
  testid: 'job-application-status',
};

export const employerStatusTag: StatusTagKind<EmployerStatus> = {
  types: { pending: 'warning', approved: 'success', rejected: 'danger' },
  labelKey: 'employer.employerStatuses',
  testid: 'employer-status',
};

export const joiningStatusTag: StatusTagKind<JoiningStatus> = {
  types: { submitted: 'warning', approved: 'success', rejected: 'danger' },
  labelKey: 'jobAdmin.joining.statuses',
  testid: 'joining-status',
};

export const stationStatusTag: StatusTagKind<StationAdmin['status']> = {
  types: { open: 'success', closed: 'info' },
  labelKey: 'consoleStations.statuses',
  testid: 'station-status',
};

export const stationProblemStatusTag: StatusTagKind<StationProblemStatus> = {
  types: { reported: 'danger', confirmed: 'warning', fixed: 'success', dismissed: 'info' },
  labelKey: 'consoleStations.problemStatuses',
  testid: 'problem-status',
};
