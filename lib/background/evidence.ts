import { browser } from 'wxt/browser';
import type { Evidence } from '../reports/schema';
import { cropScreenshot, ScreenshotError } from '../reports/screenshot';
import { settingsItem } from '../storage/items';

/** The post's box as the content script measured it (CSS pixels) and the page's pixel ratio. */
export interface PostBox {
  x: number;
  y: number;
  width: number;
  height: number;
  devicePixelRatio: number;
}

/** The screenshot part of a report's evidence: the screenshot, or why there is none. */
export type ScreenshotEvidence =
  | { screenshot: NonNullable<Evidence['screenshot']> }
  | { screenshotMissingReason: NonNullable<Evidence['screenshotMissingReason']> };

/**
 * A screenshot of the post at the moment the user confirmed the report, cropped to the post and
 * downscaled — when the user turned screenshots on and granted the access captureVisibleTab
 * needs. Otherwise, and on any failure, the reason there is none (the report says so).
 */
export async function captureEvidence(
  windowId: number | undefined,
  box: PostBox | undefined,
): Promise<ScreenshotEvidence> {
  const { screenshots } = await settingsItem.get();
  if (!screenshots) return { screenshotMissingReason: 'tangkapan layar tidak diaktifkan di pengaturan' };
  if (!box || windowId === undefined) return { screenshotMissingReason: 'posisi unggahan tidak diketahui' };
  if (!(await browser.permissions.contains({ origins: ['<all_urls>'] }))) {
    return { screenshotMissingReason: 'izin tangkapan layar belum diberikan' };
  }
  try {
    const dataUrl = await browser.tabs.captureVisibleTab(windowId, { format: 'png' });
    const screenshot = await cropScreenshot(dataUrl, box, box.devicePixelRatio, {
      maxWidth: 1000,
      quality: 0.85,
    });
    return { screenshot };
  } catch (error) {
    const reason =
      error instanceof ScreenshotError ? error.message : `tangkapan layar gagal: ${String(error)}`;
    return { screenshotMissingReason: reason.slice(0, 500) };
  }
}
