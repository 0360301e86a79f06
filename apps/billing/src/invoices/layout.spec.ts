import { displayAmount, displayCount, displayRate, pageLabel, paginate, taxSplit } from './layout';

describe('document layout: pagination', () => {
  const rows = (n: number, h = 10) => Array.from({ length: n }, () => h);

  it('a table that fits stays on the page it starts on', () => {
    expect(paginate({ rowHeights: rows(5), firstRoom: 200, pageRoom: 700, headerHeight: 12, leadHeight: 17 })).toEqual([{ newPage: false, start: 0, end: 5 }]);
  });

  it('breaks between rows, with room for the repeated header on every page', () => {
    // First page: 100 − 17 (title) − 12 (header) = 71 → 7 rows; later pages: 112 − 17 − 12 = 83 → 8 rows.
    const slices = paginate({ rowHeights: rows(25), firstRoom: 100, pageRoom: 112, headerHeight: 12, leadHeight: 17 });
    expect(slices).toEqual([
      { newPage: false, start: 0, end: 7 },
      { newPage: true, start: 7, end: 15 },
      { newPage: true, start: 15, end: 23 },
      { newPage: true, start: 23, end: 25 },
    ]);
  });

  it('every row is printed exactly once, in order, and no page overflows', () => {
    const heights = Array.from({ length: 500 }, (_, i) => 9 + ((i * 7) % 13));
    const slices = paginate({ rowHeights: heights, firstRoom: 300, pageRoom: 720, headerHeight: 14, leadHeight: 17 });
    expect(slices.map((s) => s.end - s.start).reduce((a, b) => a + b)).toBe(500);
    slices.forEach((s, i) => {
      if (i > 0) expect(s.start).toBe(slices[i - 1].end);
      const room = (s.newPage ? 720 : 300) - 14 - 17; // header and (continued) title on every page
      expect(heights.slice(s.start, s.end).reduce((a, b) => a + b)).toBeLessThanOrEqual(room);
    });
  });

  it('keeps the title, header and first row together: no orphaned heading at the foot of a page', () => {
    expect(paginate({ rowHeights: rows(3), firstRoom: 35, pageRoom: 700, headerHeight: 12, leadHeight: 17 })).toEqual([{ newPage: true, start: 0, end: 3 }]);
  });

  it('a row taller than a page still gets printed, alone, rather than dropped', () => {
    expect(paginate({ rowHeights: [10, 900, 10], firstRoom: 700, pageRoom: 700, headerHeight: 12, leadHeight: 17 })).toEqual([
      { newPage: false, start: 0, end: 1 },
      { newPage: true, start: 1, end: 2 },
      { newPage: true, start: 2, end: 3 },
    ]);
  });

  it('labels pages "Page x of y"', () => {
    expect(pageLabel(2, 7)).toBe('Page 2 of 7');
  });
});

describe('document layout: amounts shown vs exact micro-units', () => {
  it('rounds to the currency’s usual precision, half away from zero, with thousands separators', () => {
    expect(displayAmount(1_234_565n, 'USD')).toBe('1.23');
    expect(displayAmount(1_235_000n, 'USD')).toBe('1.24');
    expect(displayAmount(1_234_999n, 'EUR')).toBe('1.23');
    expect(displayAmount(1_234_567_890n, 'USD')).toBe('1,234.57');
    expect(displayAmount(-1_005_000n, 'USD')).toBe('-1.01');
    expect(displayAmount(-4_999n, 'USD')).toBe('0.00');
    expect(displayAmount(1_500_000n, 'JPY')).toBe('2');
    expect(displayAmount(1_234_567n, 'KWD')).toBe('1.235');
    expect(displayAmount(0n, 'USD')).toBe('0.00');
  });

  it('rounded lines need not add up to the rounded total, which is why the exact micro-units are printed beside them', () => {
    const lines = [4_999n, 4_999n, 4_999n];
    const total = lines.reduce((a, b) => a + b);
    expect(lines.map((l) => displayAmount(l, 'USD'))).toEqual(['0.00', '0.00', '0.00']);
    expect(displayAmount(total, 'USD')).toBe('0.01');
    expect(total.toString()).toBe('14997');
  });

  it('prices per million tokens keep the digits that matter', () => {
    expect(displayRate(1_500_000n)).toBe('1.50');
    expect(displayRate(123_457n)).toBe('0.123457');
    expect(displayRate(3_000_000_000n)).toBe('3,000.00');
    expect(displayRate(0n)).toBe('0.00');
  });

  it('counts get thousands separators', () => {
    expect(displayCount(1234567n)).toBe('1,234,567');
    expect(displayCount(12)).toBe('12');
  });

  it('a tax-inclusive total splits into net + tax that add up to it exactly', () => {
    expect(taxSplit(12_000_000n, 2000)).toEqual({ net: 10_000_000n, tax: 2_000_000n });
    expect(taxSplit(1_000_003n, 0)).toEqual({ net: 1_000_003n, tax: 0n });
    for (const total of [1n, 7n, 999_999n, 123_456_789n, -5_000_001n]) {
      for (const bps of [500, 1900, 2000, 2100]) {
        const { net, tax } = taxSplit(total, bps);
        expect(net + tax).toBe(total);
        // The tax is the included share to within half a micro-unit.
        const exact = (Number(total) * bps) / (10_000 + bps);
        expect(Math.abs(Number(tax) - exact)).toBeLessThanOrEqual(0.5);
      }
    }
  });
});

describe('document layout: what stays together', () => {
  const rows = (n: number, h = 10) => Array.from({ length: n }, () => h);

  it('a totals row never starts a page alone: the last ordinary row goes with it', () => {
    // 100 − 29 = 71 → 7 rows fit; the 8th (the total) would be alone.
    expect(paginate({ rowHeights: rows(8), firstRoom: 100, pageRoom: 700, headerHeight: 12, leadHeight: 17, tailRows: 1 })).toEqual([
      { newPage: false, start: 0, end: 6 },
      { newPage: true, start: 6, end: 8 },
    ]);
  });

  it('a short summary moves whole to the next page instead of breaking', () => {
    expect(paginate({ rowHeights: rows(4), firstRoom: 60, pageRoom: 700, headerHeight: 12, leadHeight: 17, keepTogether: true })).toEqual([
      { newPage: true, start: 0, end: 4 },
    ]);
    expect(paginate({ rowHeights: rows(4), firstRoom: 60, pageRoom: 700, headerHeight: 12, leadHeight: 17 })[0]).toEqual({ newPage: false, start: 0, end: 3 });
  });
});
