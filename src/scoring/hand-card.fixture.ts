// The model card of a scorecard built by hand in a test (reasons.test.ts, reasons-missing-bin.test.ts): every
// field the schema asks for, with `train` as the only performance.
export function handCard(train: Record<string, unknown>) {
  return {
    description: '',
    data: {
      source: '',
      description: '',
      period: null,
      rows: 1,
      trainRows: 1,
      testRows: 0,
      testShare: null,
      seed: null,
    },
    conventions: [],
    binning: { fineBins: 20, minBinShare: 0.05, trend: 'monotone', smoothing: 0.5, autoTrendMinGain: 0.1 },
    selection: { minIv: 0.02, maxCorrelation: 0.7, maxPValue: null },
    fit: { method: 'hand', iterations: 0, converged: true, logLikelihood: 0, ridge: 0 },
    candidates: [],
    dropped: [],
    performance: { train, test: null },
  }
}
