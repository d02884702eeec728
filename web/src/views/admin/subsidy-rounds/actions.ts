// What the city union does to a whole 求学圆梦 round from the console, asked first in words:
// open it to members, and approve it (which allows bulk approval).
import { ElMessage, ElMessageBox } from 'element-plus';
import { showError } from '@/api/client';
import { approveRound, openRound, type SubsidyRound } from '@/api/subsidies';
import { i18n } from '@/locales';

export type RoundAction = 'open' | 'approve';

// Asks, then does it; answers the round as it now is, or null when declined or refused.
export async function actOnRound(round: SubsidyRound, action: RoundAction): Promise<SubsidyRound | null> {
  const { t } = i18n.global;
  try {
    await ElMessageBox.confirm(t(`consoleSubsidy.${action}Confirm`, { title: round.title }), t(`consoleSubsidy.${action}Round`), {
      type: action === 'approve' ? 'warning' : 'info',
      confirmButtonText: t(`consoleSubsidy.${action}Round`),
      cancelButtonText: t('common.cancel'),
    });
  } catch {
    return null;
  }
  try {
    const changed = action === 'open' ? await openRound(round.id) : await approveRound(round.id);
    ElMessage({ type: 'success', message: t(`consoleSubsidy.${action}Done`, { title: round.title }) });
    return changed;
  } catch (error) {
    showError(error);
    return null;
  }
}
