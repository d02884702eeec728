// The impact report (成效报告) of a union subtree over a period: its figures, the records behind
// each figure, the CSV and XLSX downloads, and the news-release summary.
// Wire types: openapi.yaml describes the report, its records and its summary only in prose, so
// they are written here.
import type { CampaignKind, CampaignStatus } from './campaigns';
import { download, get, type DownloadedFile } from './client';
import type { ProductUnit } from './merchants';
import type { TransferKind } from './points';
import type { SubsidyLevel } from './subsidies';

// The figures summed for the whole subtree and for each child union.
export interface ImpactCore {
  events: number;
  lottery_events: number;
  portions: number;
  person_times: number;
  members_reached: number;
  redeemed: number;
  purchases_fen: number;
  prize_value_fen: number;
  funds_fen: number;
  counterpart_aid_fen: number;
}

export interface ImpactMonth {
  // "2026-03", a month in Asia/Shanghai.
  month: string;
  portions: number;
  funds_fen: number;
}

export interface ImpactDistrict extends ImpactCore {
  org_id: string;
  name: string;
  // The root union's own records (本级), the last row; the rows add up to the report's totals.
  own: boolean;
  // The API URL of the child union's own report over the same period (none on the own row).
  report?: string;
}

// The figures of one campaign kind, brand or listing platform. Funds are split so that the
// kinds (and the brands) add up to the report's funds; platforms carry no funds.
export interface ImpactShare {
  events: number;
  portions: number;
  person_times: number;
  funds_fen: number;
}

export interface ImpactReport extends ImpactCore {
  org_id: string;
  org_name: string;
  from: string;
  to: string;
  // redeemed × 1000 / portions, rounded down.
  redemption_rate_permille: number;
  merchants_signed: number;
  orchards_and_farms: number;
  points_issued: number;
  points_spent: number;
  // 优惠购 person-times: offers used with a membership card by members in scope.
  offer_uses: number;
  // 技能培训 person-times: sessions attended of courses organised in scope.
  training_person_times: number;
  // 求学圆梦: members paid (each once) and the amount paid to them.
  subsidy_people: number;
  subsidy_paid_fen: number;
  // 帮促清单 of pairings of unions in scope: needs added and accepted in range, fund payments
  // and purchases meeting needs, volunteer minutes of tasks started and yearly income added by
  // outcomes recorded in range.
  helplist_needs: number;
  helplist_needs_accepted: number;
  helplist_funds_fen: number;
  helplist_volunteer_minutes: number;
  helplist_income_fen_per_year: number;
  // 户外劳动者服务站: stations existing at the end of the range, check-ins in range.
  stations: number;
  station_visits: number;
  // 就业服务: applications moved to 录用 in range for jobs of unions in scope, and members
  // joined online (入会申请 approved in range).
  job_hires: number;
  new_members: number;
  // The part of the core figures that comes from imported history records (members_reached 0).
  imported: ImpactCore;
  events_by_kind: Record<string, number>;
  events_by_brand: Record<string, number>;
  portions_by_product: Record<string, number>;
  // By named produce (草莓, 西瓜 …), else a kind's Chinese name (水果); "other" when unknown.
  portions_by_produce: Record<string, number>;
  // By campaign kind, and "purchase" for purchases that hand out no campaign.
  by_kind: Record<string, ImpactShare>;
  // By brand, "(none)" for no brand.
  by_brand: Record<string, ImpactShare>;
  // By listing platform (海州采摘); unlisted merchants are absent.
  by_platform: Record<string, ImpactShare>;
  merchants_by_category: Record<string, number>;
  counterpart_aid_by_region: Record<string, number>;
  // By need category (housing, street_lights …).
  helplist_needs_by_category: Record<string, number>;
  trend_by_month: ImpactMonth[];
  by_district: ImpactDistrict[];
  links: Record<string, string>;
}

// The single numbers of the report, each with a drill-down.
export type SummaryFigure =
  | keyof ImpactCore
  | 'redemption_rate_permille'
  | 'merchants_signed'
  | 'orchards_and_farms'
  | 'points_issued'
  | 'points_spent'
  | 'offer_uses'
  | 'training_person_times'
  | 'subsidy_people'
  | 'subsidy_paid_fen'
  | 'job_hires'
  | 'new_members'
  | FieldWorkFigure;

// The help-list and rest-station figures (no imported history behind them).
export type FieldWorkFigure =
  | 'helplist_needs'
  | 'helplist_needs_accepted'
  | 'helplist_funds_fen'
  | 'helplist_volunteer_minutes'
  | 'helplist_income_fen_per_year'
  | 'stations'
  | 'station_visits';

export const fieldWorkFigures: readonly FieldWorkFigure[] = [
  'helplist_needs',
  'helplist_needs_accepted',
  'helplist_funds_fen',
  'helplist_volunteer_minutes',
  'helplist_income_fen_per_year',
  'stations',
  'station_visits',
];

// The breakdowns: a number per kind, brand, product kind, produce, category or region.
export type BreakdownFigure =
  | 'events_by_kind'
  | 'events_by_brand'
  | 'portions_by_product'
  | 'portions_by_produce'
  | 'merchants_by_category'
  | 'counterpart_aid_by_region'
  | 'helplist_needs_by_category';

// The shares: events, portions, person-times and funds per kind, brand or platform.
export type ShareFigure = 'by_kind' | 'by_brand' | 'by_platform';

// The figures whose entries are named by a key.
export type KeyedFigure = BreakdownFigure | ShareFigure;

export type ReportFigure = SummaryFigure | KeyedFigure;

export const summaryFigures: readonly SummaryFigure[] = [
  'events',
  'lottery_events',
  'portions',
  'person_times',
  'members_reached',
  'redeemed',
  'redemption_rate_permille',
  'purchases_fen',
  'prize_value_fen',
  'funds_fen',
  'counterpart_aid_fen',
  'merchants_signed',
  'orchards_and_farms',
  'points_issued',
  'points_spent',
  'offer_uses',
  'training_person_times',
  'subsidy_people',
  'subsidy_paid_fen',
  'job_hires',
  'new_members',
  ...fieldWorkFigures,
];

const breakdownFigures: readonly BreakdownFigure[] = [
  'events_by_kind',
  'events_by_brand',
  'portions_by_product',
  'portions_by_produce',
  'merchants_by_category',
  'counterpart_aid_by_region',
  'helplist_needs_by_category',
];

const shareFigures: readonly ShareFigure[] = ['by_kind', 'by_brand', 'by_platform'];

export function isShareFigure(figure: string): figure is ShareFigure {
  return (shareFigures as readonly string[]).includes(figure);
}

export function isKeyedFigure(figure: string): figure is KeyedFigure {
  return isBreakdownFigure(figure) || isShareFigure(figure);
}

export function isBreakdownFigure(figure: string): figure is BreakdownFigure {
  return (breakdownFigures as readonly string[]).includes(figure);
}

// Whether a name (from an address, say) is one of the report's figures.
export function isReportFigure(figure: string): figure is ReportFigure {
  return isKeyedFigure(figure) || (summaryFigures as readonly string[]).includes(figure);
}

// The brand key of campaigns that have none.
export const noBrandKey = '(none)';
// The kind key of purchases that hand out no campaign.
export const purchaseKindKey = 'purchase';
// The produce key of portions whose produce is not known.
export const otherProduceKey = 'other';

// Whether a report has figures from imported history records.
export function hasImported(report: Pick<ImpactReport, 'imported'>): boolean {
  return report.imported.events + report.imported.purchases_fen > 0;
}

// Figures that never come from imported history (merchants, points, offer uses, training and
// 求学圆梦).
const liveOnlyFigures: readonly ReportFigure[] = [
  'merchants_signed',
  'merchants_by_category',
  'orchards_and_farms',
  'points_issued',
  'points_spent',
  'offer_uses',
  'training_person_times',
  'subsidy_people',
  'subsidy_paid_fen',
  'job_hires',
  'new_members',
  ...fieldWorkFigures,
  'helplist_needs_by_category',
];

export function mayHaveImported(figure: ReportFigure): boolean {
  return !liveOnlyFigures.includes(figure);
}

export interface CampaignRecord {
  id: string;
  org_id: string;
  kind: CampaignKind;
  title: string;
  brand: string;
  status: CampaignStatus;
  opens_at: string;
}

export type VoucherStatus = 'issued' | 'redeemed' | 'expired' | 'void';

export interface VoucherRecord {
  id: string;
  campaign_id: string;
  prize_id: string;
  member_id: string;
  merchant_id: string;
  status: VoucherStatus;
  value_fen: number;
  product_kind: string;
  created_at: string;
  redeemed_at: string | null;
}

export interface PurchaseRecord {
  id: string;
  org_id: string;
  supplier_name: string;
  product_name: string;
  product_kind: string;
  quantity: number;
  unit: ProductUnit;
  total_fen: number;
  // YYYY-MM-DD in Asia/Shanghai.
  purchased_on: string;
  counterpart_region: string;
  invoice_ref: string;
}

export interface MerchantRecord {
  id: string;
  org_id: string;
  name: string;
  category: string;
  contract_start: string;
  contract_end: string;
}

// An offer used with a membership card (优惠购), recorded by the merchant's staff.
export interface OfferUseRecord {
  id: string;
  offer_id: string;
  offer_title: string;
  merchant_id: string;
  merchant_name: string;
  member_id: string;
  // The member's union when the use was recorded.
  org_id: string;
  used_at: string;
}

// A member present at a training session (技能培训): signed in with the session's code (qr) or
// marked present by staff.
export interface TrainingAttendanceRecord {
  session_id: string;
  session_starts_at: string;
  course_id: string;
  course_title: string;
  // The union that organises the course.
  course_org_id: string;
  member_id: string;
  // The member's union now.
  org_id: string;
  method: 'qr' | 'staff';
  signed_at: string;
}

// A 求学圆梦 payment to one applicant.
export interface SubsidyPayoutRecord {
  id: string;
  application_id: string;
  member_id: string;
  // The applicant's union when they applied.
  org_id: string;
  level: SubsidyLevel;
  amount_fen: number;
  // YYYY-MM-DD in Asia/Shanghai.
  paid_on: string;
}

export interface TransferRecord {
  id: string;
  kind: TransferKind;
  amount: number;
  member_id: string;
  created_at: string;
}

// A row of imported history (历史导入): an event or a purchase recorded before gonghui, counted
// in the report by its own day.
export interface ImportedRecord {
  id: string;
  org_id: string;
  // YYYY-MM-DD in Asia/Shanghai.
  happened_on: string;
  // A campaign kind, or "purchase".
  kind: string;
  title: string;
  brand: string;
  produce_name: string;
  produce_kind: string;
  portions: number;
  funds_fen: number;
  person_times: number;
  supplier_name: string;
  region: string;
  platform: string;
  batch_id: string;
  imported: true;
}

// 帮促清单 records: needs, how they were met, volunteer tasks and outcomes (no household data).
export interface HelplistNeedRecord {
  id: string;
  pairing_id: string;
  village: string;
  category: string;
  title: string;
  target_quantity: number;
  unit: string;
  delivered_quantity: number;
  status: string;
  created_at: string;
}

export interface HelplistFulfilmentRecord {
  id: string;
  need_id: string;
  need_title: string;
  village: string;
  kind: string;
  purchase_id: string | null;
  amount_fen: number;
  recorded_on: string;
}

export interface HelplistTaskRecord {
  id: string;
  need_id: string;
  title: string;
  village: string;
  starts_at: string;
  volunteers: number;
  minutes: number;
}

export interface HelplistOutcomeRecord {
  id: string;
  pairing_id: string;
  village: string;
  title: string;
  kind: string;
  income_fen_per_year: number;
  evidence: string;
  recorded_on: string;
}

// 户外劳动者服务站 records: the stations and their check-ins.
export interface StationRecord {
  id: string;
  org_id: string;
  name: string;
  address: string;
  status: string;
  created_at: string;
}

export interface StationCheckInRecord {
  id: string;
  station_id: string;
  station_name: string;
  at: string;
  // 0 until the visit is rated.
  stars: number;
}

// 就业服务 records: a hire (the application's 录用 step) and an approved 入会申请.
export interface JobHireRecord {
  id: string;
  job_id: string;
  job_title: string;
  employer_name: string;
  at: string;
}

export interface JoiningApprovalRecord {
  id: string;
  org_id: string;
  org_name: string;
  approved_at: string;
}

interface RecordPageOf<Type extends string, Item> {
  figure: ReportFigure;
  type: Type;
  items: Item[];
  next_cursor: string | null;
}

export type ImpactRecordPage =
  | RecordPageOf<'campaign', CampaignRecord>
  | RecordPageOf<'voucher', VoucherRecord>
  | RecordPageOf<'purchase', PurchaseRecord>
  | RecordPageOf<'merchant', MerchantRecord>
  | RecordPageOf<'transfer', TransferRecord>
  | RecordPageOf<'offer_use', OfferUseRecord>
  | RecordPageOf<'training_attendance', TrainingAttendanceRecord>
  | RecordPageOf<'subsidy_payout', SubsidyPayoutRecord>
  | RecordPageOf<'helplist_need', HelplistNeedRecord>
  | RecordPageOf<'helplist_fulfilment', HelplistFulfilmentRecord>
  | RecordPageOf<'helplist_task', HelplistTaskRecord>
  | RecordPageOf<'helplist_outcome', HelplistOutcomeRecord>
  | RecordPageOf<'station', StationRecord>
  | RecordPageOf<'station_check_in', StationCheckInRecord>
  | RecordPageOf<'job_hire', JobHireRecord>
  | RecordPageOf<'joining_approval', JoiningApprovalRecord>
  | RecordPageOf<'imported', ImportedRecord>;

// Which records a drill-down lists: gonghui's own (live) or the imported history behind a figure.
export type RecordSource = 'live' | 'imported';

export type ImpactRecordType = ImpactRecordPage['type'];

export interface ImpactSummary {
  title: string;
  paragraphs: string[];
  org_id: string;
  from: string;
  to: string;
}

// What a report covers: a union (absent: the admin's own) and the days from `from` through
// `to`, both inclusive, as YYYY-MM-DD days of the report's calendar (Asia/Shanghai).
export interface ImpactPeriod {
  org_id?: string;
  from: string;
  to: string;
}

export const reportTimeZone = 'Asia/Shanghai';
// The first day of a report unless another is chosen (the 14th five-year plan).
export const defaultReportFrom = '2021-01-01';

// Today in the report's calendar, YYYY-MM-DD.
export function reportToday(now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: reportTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// The day after a YYYY-MM-DD day.
export function dayAfter(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + 1)).toISOString().slice(0, 10);
}

// The API takes bare dates as days in Asia/Shanghai and `to` as exclusive: the period ends at
// the start of the day after the last day shown.
function periodQuery(period: ImpactPeriod) {
  return { org_id: period.org_id || undefined, from: period.from, to: dayAfter(period.to) };
}

// The same for the range of a figures page's day picker (null: no range, the API's default).
export function dayRangeQuery(days: readonly [string, string] | null): { from?: string; to?: string } {
  return days ? { from: days[0], to: dayAfter(days[1]) } : {};
}

export function getImpactReport(period: ImpactPeriod, signal?: AbortSignal): Promise<ImpactReport> {
  return get<ImpactReport>('/reports/impact', { query: periodQuery(period), signal });
}

// One page of the records behind a figure; `key` narrows a breakdown to one entry.
export function listImpactRecords(
  figure: ReportFigure,
  key: string | undefined,
  period: ImpactPeriod,
  page: { limit: number; cursor?: string },
  source: RecordSource = 'live',
): Promise<ImpactRecordPage> {
  return get<ImpactRecordPage>('/reports/impact/records', {
    query: {
      figure,
      key: key || undefined,
      ...periodQuery(period),
      limit: page.limit,
      cursor: page.cursor,
      source: source === 'imported' ? source : undefined,
    },
  });
}

export function downloadImpactReport(format: 'csv' | 'xlsx', period: ImpactPeriod): Promise<DownloadedFile> {
  return download(`/reports/impact.${format}`, { query: periodQuery(period) });
}

// The report as a news release, in Chinese: a title and paragraphs.
export function getImpactSummary(period: ImpactPeriod): Promise<ImpactSummary> {
  return get<ImpactSummary>('/reports/impact/summary', { query: periodQuery(period) });
}
