import { LinearModel, solveLexicographic } from '../solver';

const binaries = (numCols: number, rows: LinearModel['rows']): LinearModel => ({
  numCols,
  colLower: Array(numCols).fill(0),
  colUpper: Array(numCols).fill(1),
  integer: Array(numCols).fill(true),
  rows,
});
const pair = (a: number, b: number) => ({ indices: [a, b], values: [1, 1], lower: 0, upper: 1 });
const count = (numCols: number, name = 'count') => ({ name, sense: 'max' as const, costs: new Float64Array(numCols).fill(1), tolerance: 0, integral: true });

describe('the lexicographic solver', () => {
  it('takes the linear relaxation when its solution is whole', async () => {
    // Two students, two placements of one seat: an assignment problem, whole at every vertex.
    const model = binaries(4, [pair(0, 1), pair(2, 3), pair(0, 2), pair(1, 3)]);
    const score = { name: 'score', sense: 'max' as const, costs: Float64Array.from([5, 1, 4, 3]), tolerance: 0, integral: true };
    const result = await solveLexicographic(model, [count(4), score], 10);
    expect([...result.values]).toEqual([1, 0, 0, 1]);
    expect(result.optima).toEqual([2, 8]);
    expect(result.optimal).toBe(true);
  });

  it('solves the integer model when the relaxation comes out fractional', async () => {
    // An odd cycle: the relaxation's optimum is 1.5 (every value ½); only one of the three can be chosen.
    const model = binaries(3, [pair(0, 1), pair(1, 2), pair(0, 2)]);
    const score = { name: 'score', sense: 'max' as const, costs: Float64Array.from([1, 3, 2]), tolerance: 0, integral: true };
    const result = await solveLexicographic(model, [count(3), score], 10);
    expect([...result.values]).toEqual([0, 1, 0]);
    expect(result.optima).toEqual([1, 3]);
  });
});
