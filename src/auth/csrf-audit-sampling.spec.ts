import { isSampledMismatch } from './csrf-audit-sampling';

describe('isSampledMismatch', () => {
  it('samples the first mismatch of a window and every power of ten', () => {
    const sampled = Array.from({ length: 1200 }, (_, i) => i + 1).filter(isSampledMismatch);
    expect(sampled).toEqual([1, 10, 100, 1000]);
  });

  it('never samples a non-positive count', () => {
    expect(isSampledMismatch(0)).toBe(false);
  });
});
