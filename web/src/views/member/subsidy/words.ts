// How the 求学圆梦 pages put rounds and applications into words for members: levels, the
// conditions, why a member may not apply, where an application stands and each step of its
// timeline — plain sentences, never codes.
import type { ApplicationStatus, EligibilityReason, MemberSubsidyRound, SubsidyEvent, SubsidyLevel } from '@/api/subsidies';
import { i18n } from '@/locales';
import { formatDateMinute } from '@/locales/format';

const t = (key: string, named: Record<string, unknown> = {}) => i18n.global.t(key, named);

export function levelName(level: SubsidyLevel): string {
  return t(`subsidy.levels.${level}`);
}

// The round's conditions, one sentence each.
export function conditionsOf(round: Pick<MemberSubsidyRound, 'frontline_only' | 'min_membership_months'>): string[] {
  const lines = [t('subsidy.conditionMember')];
  if (round.frontline_only) lines.push(t('subsidy.conditionFrontline'));
  if (round.min_membership_months > 0) lines.push(t('subsidy.conditionMonths', { months: round.min_membership_months }));
  lines.push(t('subsidy.conditionOnce'));
  return lines;
}

export function reasonText(reason: EligibilityReason, round: Pick<MemberSubsidyRound, 'min_membership_months'>): string {
  return t(`subsidy.reasons.${reason}`, { months: round.min_membership_months });
}

// Vant tag colours of an application's status.
export const statusTagTypes: Record<ApplicationStatus, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  submitted: 'primary',
  base_approved: 'primary',
  district_approved: 'primary',
  approved: 'success',
  paid: 'success',
  returned: 'danger',
  withdrawn: 'default',
};

// Who acted at a step: 我 for the member, else the union by name (or its level when unnamed).
function actorOf(event: SubsidyEvent): string {
  if (event.level === 'member') return t('subsidy.actors.member');
  return event.org_name || t(`subsidy.actors.${event.level}`);
}

// One step of the timeline as a sentence: "江北区总工会 审核通过".
export function eventTitle(event: SubsidyEvent): string {
  return t('subsidy.eventLine', { actor: actorOf(event), action: t(`subsidy.actions.${event.action}`) });
}

// What a step adds: the reason of a return, an approver's note. A payout's note is the bank's
// transfer reference, which is for the union's books, not the member.
export function eventNote(event: SubsidyEvent): string {
  if (!event.note || event.action === 'paid') return '';
  return event.action === 'returned' ? t('subsidy.returnReason', { reason: event.note }) : t('subsidy.note', { note: event.note });
}

export function eventTime(event: SubsidyEvent): string {
  return formatDateMinute(event.at);
}
