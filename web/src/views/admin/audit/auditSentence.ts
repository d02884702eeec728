// An audit entry as a sentence people read: "王芳 将活动『瓜分幸福』从草稿发布", "平台管理员 向
// 江北区总工会发放积分 50 分". Each action has a template filled from the entry's actor and its
// before and after values; an action without one is told in a general sentence, never by its code.
import type { AuditEntry } from '@/api/audit';
import { formatCount, formatDay, formatFen } from '@/locales/console-benefits/format';
import { maskPhone } from '@/locales/format';
import { i18n } from '@/locales';

type Values = Record<string, unknown>;
type Params = Record<string, string>;

// How the sentence of an entry finds its words.
export interface SentenceNames {
  // A union's name by id (the id's words when the union is not known here).
  orgName: (id: string) => string;
}

const isRecord = (value: unknown): value is Values => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const count = (value: unknown): string => (typeof value === 'number' ? formatCount(value) : text(value));

function t(key: string, params?: Params): string {
  return i18n.global.t(key, params ?? {});
}

// A union by id, or "一个工会" when the entry does not say which.
function union(names: SentenceNames, id: unknown): string {
  return text(id) ? names.orgName(text(id)) : t('auditSentences.someUnion');
}

// A points policy value: a number of points, or what null means for it.
function policyValue(value: unknown, nullKey: string): string {
  return typeof value === 'number' ? t('auditSentences.points', { points: formatCount(value) }) : t(nullKey);
}

function campaignParams(before: Values, after: Values): Params {
  const kind = text(after.kind ?? before.kind);
  const kindKey = `consoleCampaigns.kinds.${kind}`;
  return {
    title: text(after.title ?? before.title),
    kind: kind && i18n.global.te(kindKey) ? t(kindKey) : t('auditSentences.someCampaign'),
    from: statusWords(before.status),
    to: statusWords(after.status),
  };
}

function statusWords(status: unknown): string {
  const key = `consoleCampaigns.statuses.${text(status)}`;
  return text(status) && i18n.global.te(key) ? t(key) : t('auditSentences.unknownState');
}

// An article or model-worker profile by its title or name where the entry holds it (a created
// or edited item's contents), else in general words; and the reason of a return or withdrawal.
function reviewedItem(namedKey: string, someKey: string) {
  return (before: Values, after: Values): Params => {
    const title = text(after.title ?? after.name ?? before.title ?? before.name);
    return { what: title ? t(namedKey, { title }) : t(someKey), reason: text(after.reason) };
  };
}

const reviewSteps = [
  'created',
  'updated',
  'submitted',
  'approved',
  'returned',
  'published',
  'scheduled',
  'withdrawn',
  'revision_approved',
  'revision_discarded',
];
const article = reviewedItem('auditSentences.articleNamed', 'auditSentences.someArticle');
const modelWorker = reviewedItem('auditSentences.modelWorkerNamed', 'auditSentences.someModelWorker');

// The parameters of each action's template, beside the actor.
const builders: Record<string, (before: Values, after: Values, entry: AuditEntry, names: SentenceNames) => Params> = {
  'org.create': (_b, a) => ({ name: text(a.name) }),
  'org.update': (b, a) => ({ name: text(a.name ?? b.name) }),
  'org.move': (b, a, _e, names) => ({ name: text(a.name), from: union(names, b.parent_id), to: union(names, a.parent_id) }),
  'org.close': (b, a) => ({ name: text(a.name ?? b.name) }),
  'account.create_platform_admin': (_b, a) => ({ name: text(a.name) }),
  'member.create': (_b, a) => ({ name: text(a.name) }),
  'member.update': (b, a) => ({ name: text(a.name ?? b.name) }),
  'member.move': (b, a, _e, names) => ({ name: text(a.name), from: union(names, b.org_id), to: union(names, a.org_id) }),
  'member.password_reset': (_b, a) => ({ name: text(a.name) || t('auditSentences.someMember') }),
  'member.import': (_b, a, entry, names) => ({ org: union(names, entry.target_id), rows: count(a.rows), created: count(a.created) }),
  'campaign.create': (b, a) => campaignParams(b, a),
  'campaign.publish': (b, a) => campaignParams(b, a),
  'campaign.cancel': (b, a) => ({ ...campaignParams(b, a), refunded: count(a.refunded_entries ?? 0) }),
  'campaign.draw': (b, a) => ({ ...campaignParams(b, a), winners: count(a.winners ?? 0) }),
  'campaign.distribute': (b, a, _e, names) => ({
    ...campaignParams(b, a),
    target: a.target_org_id ? union(names, a.target_org_id) : t('auditSentences.listedMembers'),
    recipients: count(a.recipients),
  }),
  'points.grant': (_b, a, _e, names) => ({
    target: a.target_org_id ? union(names, a.target_org_id) : t('auditSentences.listedMembers'),
    amount: count(a.amount),
    recipients: count(a.recipients),
    reason: text(a.reason),
  }),
  'points.reverse': (b) => ({ amount: count(typeof b.amount === 'number' ? Math.abs(b.amount) : b.amount) }),
  'points.budget': (b, a, entry, names) => ({
    org: union(names, entry.target_id),
    from: policyValue(b.budget, 'auditSentences.noLimit'),
    to: policyValue(a.budget, 'auditSentences.noLimit'),
  }),
  'points.checkin': (b, a, entry, names) => ({
    org: union(names, entry.target_id),
    from: policyValue(b.checkin_points, 'auditSentences.inherited'),
    to: policyValue(a.checkin_points, 'auditSentences.inherited'),
  }),
  'points.checkin_ceiling': (b, a, entry, names) => ({
    org: union(names, entry.target_id),
    from: policyValue(b.checkin_ceiling, 'auditSentences.noLimit'),
    to: policyValue(a.checkin_ceiling, 'auditSentences.noLimit'),
  }),
  'purchase.create': (_b, a, _e, names) => ({
    org: union(names, a.org_id),
    product: text(a.product_name),
    quantity: count(a.quantity),
    unit: text(a.unit),
    total: typeof a.total_fen === 'number' ? formatFen(a.total_fen) : '',
  }),
  'purchase.budget': (b, a, entry, names) => ({
    org: union(names, entry.org_id),
    year: text(a.year),
    from: typeof b.budget_fen === 'number' ? formatFen(b.budget_fen) : t('auditSentences.notSet'),
    to: typeof a.budget_fen === 'number' ? formatFen(a.budget_fen) : t('auditSentences.notSet'),
  }),
  'history.import': (_b, a, entry, names) => ({
    org: union(names, entry.org_id),
    file: text(a.file_name),
    rows: count(a.rows),
  }),
  'history.undo': (b, _a, entry, names) => ({ org: union(names, entry.org_id), file: text(b.file_name), rows: count(b.rows) }),
  'merchant.approve': (_b, a) => ({ name: text(a.name) }),
  'merchant.reject': (_b, a) => ({ name: text(a.name), reason: text(a.reason) }),
  'merchant.update': (b, a) => ({ name: text(a.name ?? b.name) }),
  'merchant.suspend': (b, a) => ({ name: text(a.name ?? b.name) }),
  'merchant.reinstate': (b, a) => ({ name: text(a.name ?? b.name) }),
  'merchant.renew': (b, a) => ({
    name: text(a.name ?? b.name),
    day: typeof a.contract_end === 'number' ? formatDay(new Date(a.contract_end).toISOString()) : '',
  }),
  'merchant.add_staff': (_b, a) => ({ phone: maskPhone(text(a.phone)), merchant: text(a.merchant) || t('auditSentences.someMerchant') }),
  'offer.create': (_b, a) => ({ title: text(a.title) }),
  'offer.update': (b, a) => ({ title: text(a.title ?? b.title) }),
  'product.create': (_b, a) => ({ name: text(a.name) }),
  'product.update': (b, a) => ({ name: text(a.name ?? b.name) }),
  ...Object.fromEntries(reviewSteps.map((step) => [`article.${step}`, article])),
  ...Object.fromEntries(reviewSteps.map((step) => [`model_worker.${step}`, modelWorker])),
};

// The actions the audit log's filter offers, each with its sentence.
export const auditActions = Object.keys(builders);

// The entry as a sentence in the current language.
export function auditSentence(entry: AuditEntry, names: SentenceNames): string {
  const actor = entry.actor_name || t('auditSentences.system');
  const build = builders[entry.action];
  const key = `auditSentences.actions.${entry.action.replaceAll('.', '_')}`;
  if (build && i18n.global.te(key)) {
    const before = isRecord(entry.before) ? entry.before : {};
    const after = isRecord(entry.after) ? entry.after : {};
    return t(key, { actor, ...build(before, after, entry, names) });
  }
  const typeKey = `audit.targetTypes.${entry.target_type}`;
  const target = i18n.global.te(typeKey) ? t(typeKey) : t('auditSentences.someRecord');
  return t('auditSentences.generic', { actor, target });
}
