// What a ledger line was for, in words: "积分发放：年度会员积分", "签到（2026-12-07）",
// "参加活动『蔬送美好』", "冲正：参加活动『蔬送美好』", from the transfer's kind, reference and
// memo (a spend's memo is the title of the campaign it paid for) and, for a refund or reversal,
// the transfer it undid.
import type { Transfer } from '@/api/points';
import { i18n } from '@/locales';

interface Movement {
  kind: string;
  reference: string;
  memo: string;
}

// A movement in its own words, without any why a refund or reversal was given.
function movementText(movement: Movement): string {
  const { t } = i18n.global;
  const [source, detail = ''] = movement.reference.split(/:(.*)/s);
  switch (movement.kind) {
    case 'grant':
      return movement.memo ? t('consolePoints.lines.grant', { reason: movement.memo }) : t('consolePoints.lines.grantPlain');
    case 'checkin':
      return source === 'checkin' && detail ? t('consolePoints.lines.checkinDay', { day: detail }) : t('consolePoints.lines.checkin');
    case 'spend':
      return source === 'campaign_entry' && movement.memo
        ? t('consolePoints.lines.campaign', { title: movement.memo })
        : t('consolePoints.lines.spend');
    case 'expiry':
      return t('consolePoints.lines.expiry');
    default:
      return t('consolePoints.lines.other');
  }
}

export function transferLine(transfer: Transfer): string {
  const { t } = i18n.global;
  if (transfer.kind === 'refund' || transfer.kind === 'reversal') {
    const undone = transfer.reverses;
    const what = undone
      ? movementText({ kind: undone.kind ?? '', reference: undone.reference ?? '', memo: undone.memo ?? '' })
      : t('consolePoints.lines.other');
    return t(`consolePoints.lines.${transfer.kind}`, { what });
  }
  return movementText(transfer);
}

// Why a refund or reversal was given (its memo), when it says; other lines say it all already.
export function transferWhy(transfer: Transfer): string {
  return (transfer.kind === 'refund' || transfer.kind === 'reversal') && transfer.memo ? transfer.memo : '';
}
