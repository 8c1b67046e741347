// NPV and IRR against LibreOffice Calc 7.4.7.2. The spreadsheet and its generator are in fixtures/:
// `python3 fixtures/npv-irr.make-fods.py && soffice --headless --convert-to csv npv-irr.fods` produced
// fixtures/npv-irr.libreoffice.csv, whose figures are copied below. The engine's NPV (first month
// undiscounted) is the spreadsheet's `=B + NPV(r; C:…)`; IRR(range; guess) is LibreOffice's IRR.
import { describe, expect, it } from 'vitest';
import { irr, signChanges } from '../../src/finance/irr.js';
import { npv, payback, roi, spreadsheetNpv } from '../../src/finance/npv.js';
import { monthlyRateFromAnnual } from '../../src/finance/discounting.js';

const RM = monthlyRateFromAnnual(0.1); // 0.007974140428903764, typed into the spreadsheet verbatim

const cases = [
  // name, flows, LibreOffice: B+NPV(10 %), B+NPV(1 %), B+NPV(r_m), NPV(10 %) over all, IRR
  {
    name: 'S1 textbook',
    flows: [-1000, 500, 500, 500],
    npv10: 243.425995492111,
    npv1: 470.492603617778,
    npvRm: 476.391752416534,
    ssNpv10: 221.296359538283,
    irr: 0.233751928528259,
  },
  {
    name: 'S2 36 months',
    flows: [-50000, ...Array<number>(36).fill(2000)],
    npv10: -30646.9836861522,
    npv1: 10215.0100745482,
    npvRm: 12372.9168844373,
    ssNpv10: -27860.8942601383,
    irr: 0.0212111416181743,
  },
  {
    name: 'S3 two sign changes, one root',
    flows: [-12000, 3000, 4200, 6800, -500, 2000],
    npv10: 207.623672004518,
    npv1: 3109.99464609211,
    npvRm: 3187.73123589706,
    ssNpv10: 188.74879273138,
    irr: 0.107760773698206,
  },
  {
    name: 'S8 ramp-up',
    flows: [-250000, -40000, 15000, 30000, 45000, 60000, 60000, 60000, 60000, 55000],
    npv10: -67462.8785265959,
    npv1: 72733.7226208397,
    npvRm: 77105.2383260418,
    ssNpv10: -61329.8895696326,
    irr: 0.0493291986743589,
  },
];

describe('NPV and IRR match LibreOffice', () => {
  it.each(cases)('$name', (c) => {
    expect(npv(0.1, c.flows)).toBeCloseTo(c.npv10, 6);
    expect(npv(0.01, c.flows)).toBeCloseTo(c.npv1, 6);
    expect(npv(RM, c.flows)).toBeCloseTo(c.npvRm, 6);
    expect(spreadsheetNpv(0.1, c.flows)).toBeCloseTo(c.ssNpv10, 6);
    const r = irr(c.flows);
    expect(r.kind).toBe('unique');
    if (r.kind === 'unique') expect(r.ratePerPeriod).toBeCloseTo(c.irr, 10);
  });

  it('several roots: [-100, 230, -132] — LibreOffice gives 10 % (guess 5 %) or 20 % (guess 100 %); we report both', () => {
    expect(npv(0.1, [-100, 230, -132])).toBeCloseTo(0, 9);
    const r = irr([-100, 230, -132]);
    expect(r.kind).toBe('multiple');
    if (r.kind === 'multiple') {
      expect(r.ratesPerPeriod).toHaveLength(2);
      expect(r.ratesPerPeriod[0]).toBeCloseTo(0.1, 10);
      expect(r.ratesPerPeriod[1]).toBeCloseTo(0.2, 10);
      expect(r.reason).toMatch(/NPV/);
    }
  });

  it('the Lorie–Savage pump [-1600, 10000, -10000] (Brealey & Myers): 25 % and 400 %, LibreOffice by guess', () => {
    const r = irr([-1600, 10000, -10000]);
    expect(r).toMatchObject({ kind: 'multiple' });
    if (r.kind === 'multiple') {
      expect(r.ratesPerPeriod[0]).toBeCloseTo(0.25, 10);
      expect(r.ratesPerPeriod[1]).toBeCloseTo(4, 9);
    }
    expect(npv(0.1, [-1600, 10000, -10000])).toBeCloseTo(-773.553719008263, 6);
  });

  it('no IRR where LibreOffice answers Err:523 for every guess', () => {
    const sameSign = irr([100, 200, 300]);
    expect(sameSign.kind).toBe('none');
    const neverCrosses = irr([-100, 50, -20]); // two sign changes, NPV < 0 at every rate
    expect(neverCrosses.kind).toBe('none');
    if (neverCrosses.kind === 'none') expect(neverCrosses.reason).toMatch(/change sign 2/);
    expect(npv(0.1, [-100, 50, -20])).toBeCloseTo(-71.0743801652893, 9);
    expect(npv(0.1, [100, 200, 300])).toBeCloseTo(529.752066115702, 9);
  });

  it('counts sign changes skipping zeros (Descartes bound)', () => {
    expect(signChanges([-1, 0, 0, 2, -3, 0, 4])).toBe(3);
    expect(signChanges([0, 0])).toBe(0);
  });
});

describe('ROI and payback', () => {
  it('ROI on present values: (PV benefits − PV costs) / PV costs', () => {
    const r = roi(0.1, [0, 600, 600], [1000, 0, 0]);
    expect(r.pvBenefits).toBeCloseTo(600 / 1.1 + 600 / 1.21, 9);
    expect(r.roi).toBeCloseTo((600 / 1.1 + 600 / 1.21 - 1000) / 1000, 12);
    expect(roi(0.1, [1, 2], [0, 0]).roi).toBeNull();
  });

  it('payback month undiscounted and discounted, null when never', () => {
    expect(payback([-1000, 400, 400, 400]).paybackMonth).toBe(4);
    // discounted at 10 %: −1000 + 363.64 + 330.58 + 300.53 = −5.26 < 0
    expect(payback([-1000, 400, 400, 400], 0.1).paybackMonth).toBeNull();
    expect(payback([-1000, 400, 400, 400, 10], 0.1).paybackMonth).toBe(5);
    const dip = payback([-10, 20, -30, 40]);
    expect(dip).toEqual({ paybackMonth: 2, fallsBackAfterwards: true });
  });
});
