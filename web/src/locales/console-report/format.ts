// How the impact report writes its figures, breakdown keys and months in the current language.
import {
  noBrandKey,
  otherProduceKey,
  purchaseKindKey,
  type BreakdownFigure,
  type ImpactDistrict,
  type ImpactShare,
  type KeyedFigure,
  type SummaryFigure,
} from '@/api/reports';
import { formatCount, formatFenShort } from '../console-benefits/format';
import { currentLocale, i18n } from '../index';

// What a figure counts, which says how it is written and with which unit.
type FigureKind =
  'events' | 'portions' | 'personTimes' | 'members' | 'merchants' | 'points' | 'needs' | 'stations' | 'hours' | 'fen' | 'permille';

const figureKinds: Record<SummaryFigure, FigureKind> = {
  events: 'events',
  lottery_events: 'events',
  portions: 'portions',
  person_times: 'personTimes',
  members_reached: 'members',
  redeemed: 'portions',
  redemption_rate_permille: 'permille',
  purchases_fen: 'fen',
  prize_value_fen: 'fen',
  funds_fen: 'fen',
  counterpart_aid_fen: 'fen',
  merchants_signed: 'merchants',
  orchards_and_farms: 'merchants',
  points_issued: 'points',
  points_spent: 'points',
  offer_uses: 'personTimes',
  training_person_times: 'personTimes',
  subsidy_people: 'members',
  subsidy_paid_fen: 'fen',
  job_hires: 'members',
  new_members: 'members',
  helplist_needs: 'needs',
  helplist_needs_accepted: 'needs',
  helplist_funds_fen: 'fen',
  // Counted in minutes, shown in hours.
  helplist_volunteer_minutes: 'hours',
  helplist_income_fen_per_year: 'fen',
  stations: 'stations',
  station_visits: 'personTimes',
};

// A permille as a percentage with one decimal: 795 → 79.5%.
export function formatPermille(permille: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(permille / 1000);
}

// A figure's number as shown, without its unit: 1,378 · 101.37万元 · 79.5%.
export function formatFigure(figure: SummaryFigure, value: number): string {
  const kind = figureKinds[figure];
  if (kind === 'fen') return formatFenShort(value);
  if (kind === 'permille') return formatPermille(value);
  if (kind === 'hours') return formatCount(Math.round(value / 6) / 10);
  return formatCount(value);
}

// The unit written after a counted figure (场, 份, 人次…); money and rates carry their own.
export function figureUnit(figure: SummaryFigure): string {
  const kind = figureKinds[figure];
  return kind === 'fen' || kind === 'permille' ? '' : i18n.global.t(`consoleReport.units.${kind}`);
}

// A figure as read aloud, with its unit: 1,378 份 · 101.37万元 · 79.5%.
export function formatFigureWithUnit(figure: SummaryFigure, value: number): string {
  const unit = figureUnit(figure);
  return unit ? `${formatFigure(figure, value)} ${unit}` : formatFigure(figure, value);
}

// Whether a figure is an amount of money (so a breakdown of it is too).
export function isMoneyFigure(figure: SummaryFigure | BreakdownFigure): boolean {
  return figure === 'counterpart_aid_by_region' || (figure in figureKinds && figureKinds[figure as SummaryFigure] === 'fen');
}

// Where the words for the codes of each breakdown are; brands, produce, platforms and regions
// are names already.
const breakdownLabelSections: Partial<Record<KeyedFigure, string>> = {
  events_by_kind: 'consoleCampaigns.kinds',
  by_kind: 'consoleCampaigns.kinds',
  portions_by_product: 'consoleMerchants.productKinds',
  merchants_by_category: 'consoleMerchants.categories',
  helplist_needs_by_category: 'helplists.categories',
};

// One entry of a breakdown in words: lottery → 积分抽奖, purchase → 助农采购, fruit → 水果,
// orchard → 采摘园, (none) → 未设品牌.
export function breakdownKeyLabel(figure: KeyedFigure, key: string): string {
  const { t, te } = i18n.global;
  if ((figure === 'events_by_brand' || figure === 'by_brand') && key === noBrandKey) return t('consoleReport.noBrand');
  if ((figure === 'events_by_kind' || figure === 'by_kind') && key === purchaseKindKey) return t('consoleReport.purchaseKind');
  if (figure === 'portions_by_produce' && key === otherProduceKey) return t('consoleReport.otherProduce');
  const section = breakdownLabelSections[figure];
  const path = section ? `${section}.${key}` : '';
  return path && te(path) ? t(path) : key;
}

// A campaign kind of a record in words, purchases included (lottery → 积分抽奖).
export function recordKindLabel(kind: string): string {
  return breakdownKeyLabel('by_kind', kind);
}

// A row of the district table: a child union by its name, the root's own records as 本级.
export function districtLabel(district: Pick<ImpactDistrict, 'name' | 'own'>): string {
  return district.own ? i18n.global.t('consoleReport.ownRow', { org: district.name }) : district.name;
}

// A product kind code in words (fruit → 水果).
export function productKindLabel(kind: string): string {
  return breakdownKeyLabel('portions_by_product', kind);
}

// A breakdown's value as shown: an amount of money or a count.
export function formatBreakdownValue(figure: BreakdownFigure, value: number): string {
  return isMoneyFigure(figure) ? formatFenShort(value) : formatCount(value);
}

// One kind's, brand's or platform's figures read aloud: 12 场 · 4,400 份 · 6,272 人次 · 30.5万元
// (platforms carry no funds).
export function formatShare(share: ImpactShare, withFunds: boolean): string {
  const parts = [
    formatFigureWithUnit('events', share.events),
    formatFigureWithUnit('portions', share.portions),
    formatFigureWithUnit('person_times', share.person_times),
  ];
  if (withFunds) parts.push(formatFenShort(share.funds_fen));
  return parts.join(' · ');
}

// A report month ("2026-03") in words: 2026年3月 / Mar 2026.
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return new Intl.DateTimeFormat(currentLocale(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, number - 1, 1)),
  );
}
