import { t } from '@/lib/i18n';
import type { SiteHealth } from '@/lib/storage/items';
import { siteLabel } from './labels';

export interface TabStatusProps {
  health: SiteHealth | null;
}

/** Whether Netra runs in the current tab, and how its scanner is doing there. */
export function TabStatus({ health }: TabStatusProps) {
  if (!health) {
    return (
      <p class="tab-status tab-status--inactive" data-testid="tab-status" data-active="false">
        {t('popupTabInactive')}
      </p>
    );
  }
  return (
    <div class="tab-status tab-status--active" data-testid="tab-status" data-active="true">
      <p>
        <span aria-hidden="true">● </span>
        {t('popupTabActive', siteLabel(health.site))}
      </p>
      <p class="muted">{t('popupHealth', health.seen, health.parsed, health.drift)}</p>
      {health.startError ? (
        <p class="error" role="alert" data-testid="tab-start-error">
          {t('popupHelloFailed', health.startError)}
        </p>
      ) : null}
      {health.rejected || health.capped ? (
        <p class="muted" data-testid="tab-guarded" title={health.lastRejection}>
          {t('popupGuarded', health.rejected ?? 0, health.capped ?? 0)}
        </p>
      ) : null}
    </div>
  );
}
