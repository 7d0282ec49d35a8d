import { describe, expect, test, vi } from 'vitest';
import { withRetry } from '@/lib/scan/hello';

// Issue #17, attack 8: a failed first message used to leave Netra off on the page, silently.

const options = (overrides: { isInvalid?: () => boolean } = {}) => ({
  onFailed: vi.fn<(error: unknown) => void>(),
  nextRound: vi.fn(() => Promise.resolve()),
  isInvalid: () => false,
  delays: [1, 2],
  sleep: vi.fn((_ms: number) => Promise.resolve()),
  ...overrides,
});

describe('withRetry', () => {
  test('a hello that fails twice and then answers starts Netra, without reporting a failure', async () => {
    const attempt = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('worker starting'))
      .mockRejectedValueOnce(new Error('worker starting'))
      .mockResolvedValue('ok');
    const o = options();
    await expect(withRetry(attempt, o)).resolves.toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(o.sleep.mock.calls).toEqual([[1], [2]]);
    expect(o.onFailed).not.toHaveBeenCalled();
  });

  test('a round that fails is reported with the last error; the next visit tries again', async () => {
    const attempt = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('a'))
      .mockRejectedValueOnce(new Error('b'))
      .mockRejectedValueOnce(new Error('invalid payload: url'))
      .mockResolvedValue('ok');
    const o = options();
    await expect(withRetry(attempt, o)).resolves.toBe('ok');
    expect(o.onFailed).toHaveBeenCalledOnce();
    expect(o.onFailed.mock.calls[0]![0]).toEqual(new Error('invalid payload: url'));
    expect(o.nextRound).toHaveBeenCalledOnce();
  });

  test('stops when the content script is invalidated', async () => {
    let invalid = false;
    const attempt = vi.fn(() => {
      invalid = true;
      return Promise.reject(new Error('gone'));
    });
    await expect(withRetry(attempt, options({ isInvalid: () => invalid }))).resolves.toBeUndefined();
    expect(attempt).toHaveBeenCalledOnce();
  });
});
