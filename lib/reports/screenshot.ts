import { type EvidenceScreenshot, MAX_SCREENSHOT_BASE64 } from './schema';

// Evidence screenshots: the background captures the visible tab (captureVisibleTab gives a data
// URL in device pixels) and crops it to the post's box, which the content script measured in CSS
// pixels. createImageBitmap and OffscreenCanvas exist in Chrome's service worker (no DOM needed).

/** A box in CSS pixels relative to the viewport (getBoundingClientRect). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Source box in image pixels and the output size. */
export interface CropPlan {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  dw: number;
  dh: number;
}

export interface CropOptions {
  /** Output width limit in pixels; wider crops are scaled down. Default 1000. */
  maxWidth?: number;
  /** JPEG quality 0..1. Default 0.85. */
  quality?: number;
  mediaType?: EvidenceScreenshot['mediaType'];
}

/** The image APIs used, injectable for tests. */
export interface ImageApis {
  createImageBitmap: (blob: Blob) => Promise<{ width: number; height: number; close(): void }>;
  OffscreenCanvas: new (
    width: number,
    height: number,
  ) => {
    getContext(kind: '2d'): {
      fillStyle: unknown;
      fillRect(x: number, y: number, w: number, h: number): void;
      drawImage(image: unknown, ...args: number[]): void;
    } | null;
    convertToBlob(options: { type: string; quality?: number }): Promise<Blob>;
  };
}

/** A screenshot could not be made; `message` is Indonesian, for `screenshotMissingReason`. */
export class ScreenshotError extends Error {
  override name = 'ScreenshotError';
}

const MAX_OUTPUT_SIDE = 10_000;

/**
 * Maps a CSS-pixel box to image pixels (× devicePixelRatio, rounded outwards), clamps it to the
 * image, and scales the output down to maxWidth keeping the aspect ratio; null when nothing of
 * the box is on the image.
 */
export function cropRect(
  rect: Rect,
  devicePixelRatio: number,
  image: { width: number; height: number },
  maxWidth = 1000,
): CropPlan | null {
  const values = [rect.x, rect.y, rect.width, rect.height];
  if (!values.every(Number.isFinite) || rect.width <= 0 || rect.height <= 0) return null;
  const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const left = Math.max(0, Math.floor(rect.x * dpr));
  const top = Math.max(0, Math.floor(rect.y * dpr));
  const right = Math.min(image.width, Math.ceil((rect.x + rect.width) * dpr));
  const bottom = Math.min(image.height, Math.ceil((rect.y + rect.height) * dpr));
  if (right <= left || bottom <= top) return null;
  const sw = right - left;
  const sh = bottom - top;
  const scale = Math.min(1, Math.max(1, maxWidth) / sw, MAX_OUTPUT_SIDE / sh);
  return {
    sx: left,
    sy: top,
    sw,
    sh,
    dw: Math.max(1, Math.round(sw * scale)),
    dh: Math.max(1, Math.round(sh * scale)),
  };
}

/** Decodes a base64 `data:image/…` URL into a Blob. */
export function dataUrlToBlob(dataUrl: string): Blob {
  const match = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/]*={0,2})$/.exec(dataUrl);
  if (!match) throw new ScreenshotError('Tangkapan layar tidak terbaca (format data tidak dikenal).');
  const binary = atob(match[2]!);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: match[1] });
}

/** Base64 of bytes, in chunks so large images do not overflow the argument limit. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function defaultApis(): ImageApis {
  const scope = globalThis as unknown as Partial<ImageApis>;
  if (typeof scope.createImageBitmap !== 'function' || typeof scope.OffscreenCanvas !== 'function') {
    throw new ScreenshotError('Peramban ini tidak mendukung pemotongan tangkapan layar.');
  }
  return {
    createImageBitmap: scope.createImageBitmap.bind(globalThis),
    OffscreenCanvas: scope.OffscreenCanvas,
  };
}

/** Crops a captureVisibleTab data URL to the post's box; throws ScreenshotError with an Indonesian reason. */
export async function cropScreenshot(
  dataUrl: string,
  rect: Rect,
  devicePixelRatio: number,
  options: CropOptions = {},
  apis: ImageApis = defaultApis(),
): Promise<EvidenceScreenshot> {
  const mediaType = options.mediaType ?? 'image/jpeg';
  const bitmap = await apis.createImageBitmap(dataUrlToBlob(dataUrl));
  try {
    const plan = cropRect(rect, devicePixelRatio, bitmap, options.maxWidth ?? 1000);
    if (!plan) throw new ScreenshotError('Unggahan tidak terlihat di layar saat tangkapan layar diambil.');
    const canvas = new apis.OffscreenCanvas(plan.dw, plan.dh);
    const context = canvas.getContext('2d');
    if (!context) throw new ScreenshotError('Kanvas gambar tidak tersedia.');
    if (mediaType === 'image/jpeg') {
      // JPEG has no alpha: transparent pixels would turn black.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, plan.dw, plan.dh);
    }
    context.drawImage(bitmap, plan.sx, plan.sy, plan.sw, plan.sh, 0, 0, plan.dw, plan.dh);
    // Lower the JPEG quality until it fits what reports may carry.
    const qualities = mediaType === 'image/jpeg' ? [options.quality ?? 0.85, 0.6, 0.4] : [undefined];
    for (const quality of qualities) {
      const blob = await canvas.convertToBlob(
        quality === undefined ? { type: mediaType } : { type: mediaType, quality },
      );
      const dataBase64 = bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
      if (dataBase64.length <= MAX_SCREENSHOT_BASE64) {
        return { mediaType, dataBase64, width: plan.dw, height: plan.dh };
      }
    }
    throw new ScreenshotError('Tangkapan layar terlalu besar untuk dikirim.');
  } finally {
    bitmap.close();
  }
}
