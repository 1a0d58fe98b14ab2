/**
 * The targets table reads a side-by-side target as the median over every run of every process
 * pair, and shows each pair's median beside it: two processes of one build differ by a few %
 * for as long as they live, so one pair is one draw of that spread (bench/lib/paired-ratio.js).
 */
interface SideBySide {
  method: 'side-by-side';
  table: string;
  baseline: string;
  candidate: string;
  slices: number;
  ratio: number;
  ratioRange: [number, number];
  cpuRatio: number;
  cpuRatioRange: [number, number];
  perPair?: number[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkTargets } = require('../../bench/lib/targets') as {
  checkTargets(summary: Map<string, unknown[]>, paired: SideBySide[]): string;
};

const reading = (perPair?: number[]): SideBySide => ({
  method: 'side-by-side',
  table: 'json',
  baseline: 'node-http',
  candidate: 'pith',
  slices: 12,
  ratio: 0.962,
  ratioRange: [0.9, 1.01],
  cpuRatio: 0.958,
  cpuRatioRange: [0.9, 1],
  perPair,
});

describe('bench targets table', () => {
  it("gives a side-by-side target's median, range and each process pair's median", () => {
    const table = checkTargets(new Map(), [reading([0.95, 0.97, 0.962])]);
    expect(table).toContain(
      '| Pith minimal /json vs node:http, side by side, runs (12) | ≥ 0.95 | 0.96 (0.90–1.01); CPU 0.96 (0.90–1.00); per pair 0.95 0.97 0.96 | met |',
    );
  });

  it('leaves out the per-pair medians when one pair was measured', () => {
    const table = checkTargets(new Map(), [reading([0.962])]);
    expect(table).toContain('CPU 0.96 (0.90–1.00) | met |');
    expect(table).not.toContain('per pair');
  });
});
