import { describe, expect, test } from 'vitest';
import { MAX_SCREENSHOT_BASE64 } from '@/lib/reports/schema';
import {
  bytesToBase64,
  type CropPlan,
  cropRect,
  cropScreenshot,
  dataUrlToBlob,
  type ImageApis,
  type Rect,
} from '@/lib/reports/screenshot';

const IMAGE = { width: 2560, height: 1440 }; // a 1280×720 viewport at DPR 2

describe('cropRect', () => {
  test.each<[string, Rect, number, { width: number; height: number }, number, CropPlan]>([
    [
      'DPR 1, inside, narrower than max',
      { x: 10, y: 20, width: 300, height: 200 },
      1,
      IMAGE,
      1000,
      { sx: 10, sy: 20, sw: 300, sh: 200, dw: 300, dh: 200 },
    ],
    [
      'DPR 2 doubles the source box',
      { x: 10, y: 20, width: 300, height: 200 },
      2,
      IMAGE,
      1000,
      { sx: 20, sy: 40, sw: 600, sh: 400, dw: 600, dh: 400 },
    ],
    [
      'fractional CSS pixels round outwards',
      { x: 10.4, y: 20.6, width: 100.2, height: 50.1 },
      1.5,
      IMAGE,
      1000,
      { sx: 15, sy: 30, sw: 151, sh: 77, dw: 151, dh: 77 },
    ],
    [
      'wider than max is scaled down, aspect kept',
      { x: 0, y: 0, width: 1000, height: 400 },
      2,
      IMAGE,
      1000,
      { sx: 0, sy: 0, sw: 2000, sh: 800, dw: 1000, dh: 400 },
    ],
    [
      'partly above the viewport is clamped',
      { x: 100, y: -50, width: 200, height: 150 },
      1,
      IMAGE,
      1000,
      { sx: 100, sy: 0, sw: 200, sh: 100, dw: 200, dh: 100 },
    ],
    [
      'partly past the right and bottom edges is clamped',
      { x: 2400, y: 1400, width: 500, height: 500 },
      1,
      IMAGE,
      1000,
      { sx: 2400, sy: 1400, sw: 160, sh: 40, dw: 160, dh: 40 },
    ],
    [
      'bigger than the whole image is the whole image',
      { x: -10, y: -10, width: 5000, height: 5000 },
      1,
      IMAGE,
      1000,
      { sx: 0, sy: 0, sw: 2560, sh: 1440, dw: 1000, dh: 563 },
    ],
    [
      'a bad DPR counts as 1',
      { x: 10, y: 10, width: 10, height: 10 },
      0,
      IMAGE,
      1000,
      { sx: 10, sy: 10, sw: 10, sh: 10, dw: 10, dh: 10 },
    ],
    [
      'a tiny slice never scales to zero',
      { x: 0, y: 0, width: 2560, height: 1 },
      1,
      IMAGE,
      100,
      { sx: 0, sy: 0, sw: 2560, sh: 1, dw: 100, dh: 1 },
    ],
  ])('%s', (_name, rect, dpr, image, maxWidth, plan) => {
    expect(cropRect(rect, dpr, image, maxWidth)).toEqual(plan);
  });

  test.each<[string, Rect]>([
    ['entirely above the viewport', { x: 0, y: -500, width: 100, height: 100 }],
    ['entirely right of the image', { x: 3000, y: 0, width: 100, height: 100 }],
    ['zero width', { x: 0, y: 0, width: 0, height: 100 }],
    ['negative height', { x: 0, y: 0, width: 100, height: -1 }],
    ['NaN', { x: Number.NaN, y: 0, width: 100, height: 100 }],
    ['Infinity', { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 100 }],
  ])('%s → null', (_name, rect) => {
    expect(cropRect(rect, 1, IMAGE)).toBeNull();
  });
});

describe('data URLs and base64', () => {
  test.each([[[]], [[0]], [[0, 255, 1, 2]], [Array.from({ length: 100_000 }, (_, i) => i % 256)]])(
    'bytesToBase64 matches Buffer for %#',
    (bytes) => {
      const array = new Uint8Array(bytes);
      expect(bytesToBase64(array)).toBe(Buffer.from(array).toString('base64'));
    },
  );

  test('dataUrlToBlob decodes the bytes and type', async () => {
    const blob = dataUrlToBlob('data:image/png;base64,AAEC/w==');
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  test.each([
    ['not a data URL', 'https://x.com/a.png'],
    ['not base64', 'data:image/png,rawtext'],
    ['not an image', 'data:text/html;base64,PGI+'],
    ['bad characters', 'data:image/png;base64,AA"><'],
  ])('dataUrlToBlob refuses %s', (_name, url) => {
    expect(() => dataUrlToBlob(url)).toThrow(/tidak terbaca/);
  });
});

/** Fake image APIs recording what was drawn; convertToBlob returns `size(quality)` bytes. */
function fakeApis(image: { width: number; height: number }, size: (quality?: number) => number = () => 3) {
  const log: {
    canvas?: [number, number];
    fills: string[];
    draws: number[][];
    qualities: (number | undefined)[];
    closed: number;
  } = {
    fills: [],
    draws: [],
    qualities: [],
    closed: 0,
  };
  const apis: ImageApis = {
    createImageBitmap: async () => ({
      ...image,
      close: () => {
        log.closed += 1;
      },
    }),
    OffscreenCanvas: class {
      constructor(width: number, height: number) {
        log.canvas = [width, height];
      }
      getContext() {
        return {
          fillStyle: '' as unknown,
          fillRect(this: { fillStyle: unknown }) {
            log.fills.push(String(this.fillStyle));
          },
          drawImage: (_image: unknown, ...args: number[]) => void log.draws.push(args),
        };
      }
      async convertToBlob(options: { type: string; quality?: number }) {
        log.qualities.push(options.quality);
        return new Blob([new Uint8Array(size(options.quality))], { type: options.type });
      }
    },
  };
  return { apis, log };
}

const PNG_URL = 'data:image/png;base64,AAAA';

describe('cropScreenshot', () => {
  test('crops, scales, paints white under a JPEG, and releases the bitmap', async () => {
    const { apis, log } = fakeApis(IMAGE);
    const shot = await cropScreenshot(PNG_URL, { x: 100, y: 50, width: 640, height: 300 }, 2, {}, apis);
    expect(shot).toEqual({ mediaType: 'image/jpeg', dataBase64: 'AAAA', width: 1000, height: 469 });
    expect(log.canvas).toEqual([1000, 469]);
    expect(log.fills).toEqual(['#fff']);
    expect(log.draws).toEqual([[200, 100, 1280, 600, 0, 0, 1000, 469]]);
    expect(log.qualities).toEqual([0.85]);
    expect(log.closed).toBe(1);
  });

  test('PNG: no white fill, no quality', async () => {
    const { apis, log } = fakeApis(IMAGE);
    const shot = await cropScreenshot(
      PNG_URL,
      { x: 0, y: 0, width: 10, height: 10 },
      1,
      { mediaType: 'image/png' },
      apis,
    );
    expect(shot.mediaType).toBe('image/png');
    expect(log.fills).toEqual([]);
    expect(log.qualities).toEqual([undefined]);
  });

  test('a JPEG too large for a report is re-encoded at lower quality', async () => {
    const tooBig = Math.ceil((MAX_SCREENSHOT_BASE64 * 3) / 4) + 3;
    const { apis, log } = fakeApis(IMAGE, (quality) => (quality === 0.4 ? 10 : tooBig));
    const shot = await cropScreenshot(
      PNG_URL,
      { x: 0, y: 0, width: 100, height: 100 },
      1,
      { quality: 0.9 },
      apis,
    );
    expect(log.qualities).toEqual([0.9, 0.6, 0.4]);
    expect(shot.dataBase64.length).toBeLessThanOrEqual(MAX_SCREENSHOT_BASE64);
  });

  test.each([
    ['the post is off-screen', { x: 0, y: 5000, width: 100, height: 100 }, () => 3, /tidak terlihat/],
    ['it never fits', { x: 0, y: 0, width: 100, height: 100 }, () => MAX_SCREENSHOT_BASE64, /terlalu besar/],
  ])(
    'fails with an Indonesian reason when %s, and still releases the bitmap',
    async (_name, rect, size, message) => {
      const { apis, log } = fakeApis(IMAGE, size);
      await expect(cropScreenshot(PNG_URL, rect, 1, {}, apis)).rejects.toThrow(message);
      expect(log.closed).toBe(1);
    },
  );

  test('without OffscreenCanvas (Node, old browsers) it says so', async () => {
    await expect(cropScreenshot(PNG_URL, { x: 0, y: 0, width: 1, height: 1 }, 1)).rejects.toThrow(
      /tidak mendukung/,
    );
  });
});
