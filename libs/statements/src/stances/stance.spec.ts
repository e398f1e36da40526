import { computeStance } from './compute-stance.js';
import { historyOf, historyStep } from './stance-history.js';
import { compareStatementOrder, type OrderedStatement } from './statement-order.js';

let logPosition = 0;
function said(position: string, statedAt: string, statedFrom = `${statedAt}T00:00:00.000Z`): OrderedStatement {
  logPosition++;
  return { statementId: `s${logPosition}`, position, statedAt, statedFrom, recordLogPosition: logPosition };
}

describe('statement order', () => {
  it('goes by statedFrom, ties by recording order', () => {
    const late = { statedFrom: '2024-11-01T00:00:00.000Z', recordLogPosition: 1 };
    const early = { statedFrom: '2024-04-10T00:00:00.000Z', recordLogPosition: 9 };
    const tie = { statedFrom: '2024-11-01T00:00:00.000Z', recordLogPosition: 5 };
    expect([late, early, tie].sort(compareStatementOrder)).toEqual([early, late, tie]);
  });

  it('compares instants, not their spelling', () => {
    const a = { statedFrom: '2024-11-01T09:00:00+09:00', recordLogPosition: 2 };
    const b = { statedFrom: '2024-11-01T00:00:00.000Z', recordLogPosition: 1 };
    expect(compareStatementOrder(a, b)).toBeGreaterThan(0);
  });
});

describe('the stance of a key', () => {
  it('is none without active statements', () => {
    expect(computeStance([])).toBeNull();
  });

  it('is the last statement, since the first of its unbroken run, counting all', () => {
    const ordered = [said('opposes', '2023-01-05'), said('considering', '2024-04-10'), said('considering', '2024-11-01'), said('considering', '2024-11-20')];
    expect(computeStance(ordered)).toEqual({
      position: 'considering',
      score: 1,
      statedAt: '2024-11-20',
      statementId: ordered[3].statementId,
      since: '2024-04-10',
      statementCount: 4,
    });
  });

  it('starts "since" afresh when the position returns after another one', () => {
    const ordered = [said('supports', '2020-01-01'), said('supports', '2021-01-01'), said('neutral', '2022-01-01'), said('supports', '2023-01-01')];
    expect(computeStance(ordered)).toMatchObject({ position: 'supports', score: 2, since: '2023-01-01', statementCount: 4 });
  });

  it('with one statement is that statement, since itself', () => {
    const only = said('opposes', '2024-04-08');
    expect(computeStance([only])).toEqual({
      position: 'opposes',
      score: -2,
      statedAt: '2024-04-08',
      statementId: only.statementId,
      since: '2024-04-08',
      statementCount: 1,
    });
  });

  it('on a tie in statedFrom is the statement recorded last', () => {
    const first = said('concerned', '2024-11', '2024-11-01T00:00:00.000Z');
    const second = said('supports', '2024-11-01', '2024-11-01T00:00:00.000Z');
    expect(computeStance([second, first].sort(compareStatementOrder))).toMatchObject({
      position: 'supports',
      statementId: second.statementId,
      since: '2024-11-01',
    });
  });

  it('keeps statedAt and since as they were sent, whatever the precision', () => {
    const ordered = [said('neutral', '2024-11', '2024-11-01T00:00:00.000Z'), said('neutral', '2024-11-20T08:00:00+09:00', '2024-11-19T23:00:00.000Z')];
    expect(computeStance(ordered)).toMatchObject({ statedAt: '2024-11-20T08:00:00+09:00', since: '2024-11' });
  });
});

describe('the history of a key', () => {
  it('lists each statement with its score and how it changed and shifted from the previous one', () => {
    const ordered = [
      said('considering', '2024-04-10'),
      said('considering', '2024-05-01'),
      said('supports', '2024-06-01'),
      said('opposes', '2024-07-01'),
      said('neutral', '2024-08-01'),
    ];
    const item = (i: number, position: string, score: number, change: string, shift: string) => ({
      statementId: ordered[i].statementId,
      position,
      score,
      statedAt: ordered[i].statedAt,
      change,
      shift,
      orderUncertain: false,
    });
    expect(historyOf(ordered)).toEqual([
      item(0, 'considering', 1, 'initial', 'none'),
      item(1, 'considering', 1, 'no_flip', 'none'),
      item(2, 'supports', 2, 'half_flip', 'stronger'),
      item(3, 'opposes', -2, 'full_flop', 'reversal'),
      item(4, 'neutral', 0, 'half_flip', 'to_neutral'),
    ]);
  });

  it('given a month and then a day within it, when the history is read, then the order of the two is uncertain', () => {
    const ordered = [said('supports', '2024-11', '2024-11-01T00:00:00.000Z'), said('opposes', '2024-11-20')];
    expect(historyOf(ordered).map((item) => item.orderUncertain)).toEqual([false, true]);
  });

  it('given two adjacent days, when the history is read, then their order is certain (intervals are half-open)', () => {
    const ordered = [said('supports', '2024-11-19'), said('opposes', '2024-11-20')];
    expect(historyOf(ordered).map((item) => item.orderUncertain)).toEqual([false, false]);
  });

  it('given two instants in one day, when the history is read, then their order is certain', () => {
    const ordered = [said('supports', '2024-11-20T08:00:00Z', '2024-11-20T08:00:00.000Z'), said('opposes', '2024-11-20T09:00:00Z', '2024-11-20T09:00:00.000Z')];
    expect(historyOf(ordered).map((item) => item.orderUncertain)).toEqual([false, false]);
  });

  it('compares each item with the one just before it only', () => {
    const ordered = [said('supports', '2024'), said('supports', '2025-03'), said('opposes', '2025-03-02')];
    expect(historyOf(ordered).map((item) => item.orderUncertain)).toEqual([false, false, true]);
  });

  it('is empty for a key without statements', () => {
    expect(historyOf([])).toEqual([]);
  });
});

describe('one step of a history (shared with the flips)', () => {
  it('given no previous statement, then it is initial, no shift, order certain', () => {
    expect(historyStep(null, { position: 'opposes', statedAt: '2024' })).toEqual({ change: 'initial', shift: 'none', orderUncertain: false });
  });

  it('given a year and then a month of the same year on the other side, then a full flop, a reversal, order uncertain', () => {
    expect(historyStep({ position: 'supports', statedAt: '2024' }, { position: 'concerned', statedAt: '2024-06' })).toEqual({
      change: 'full_flop',
      shift: 'reversal',
      orderUncertain: true,
    });
  });
});
