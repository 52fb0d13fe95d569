import loadHighs from 'highs';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
type Model = ReturnType<Highs['createModel']>;

let runtime: Promise<Highs> | undefined;

/** HiGHS compiled to WebAssembly, loaded once per process; every solve after that is synchronous. */
export const highsRuntime = (): Promise<Highs> => (runtime ??= loadHighs());

export interface SparseRow {
  indices: number[];
  values: number[];
  lower: number;
  upper: number;
}

export interface LinearModel {
  numCols: number;
  colLower: number[];
  colUpper: number[];
  /** Which columns are integer (binary here); the rest are continuous. */
  integer: boolean[];
  rows: SparseRow[];
}

/** One lexicographic stage: maximise or minimise a linear objective, then hold it while later stages run. */
export interface Stage {
  name: string;
  sense: 'max' | 'min';
  costs: Float64Array;
  /** How much later stages may give back on this one (0 for counts). */
  tolerance: number;
  /** The objective takes whole values only, so its optimum is rounded before it is held. */
  integral: boolean;
}

export interface LexicographicResult {
  values: Float64Array;
  /** Each stage's optimum, in stage order. */
  optima: number[];
  optimal: boolean;
}

/**
 * Solves the stages one after another on one persistent HiGHS model: each stage's optimum is
 * added as a constraint before the next stage's objective replaces it, so a later goal can never
 * buy itself with an earlier one. The model is built in a fixed column and row order, and HiGHS
 * runs single-threaded here, so the same input gives the same answer.
 *
 * The linear relaxation comes first. For these models (each student at most once, seats per
 * placement, supervision per site) the simplex method's solutions are whole in practice, and a
 * whole solution of the relaxation is optimal for the integer model too: each stage's relaxed
 * optimum bounds the integer one from above, and a whole solution reaches it. Only when a value
 * comes out fractional (or the relaxation ran out of time) is the integer model solved, which
 * costs ten times as much at 2,000 students (HiGHS branch and bound; `npm run bench:cohort`).
 */
export async function solveLexicographic(model: LinearModel, given: Stage[], timeLimitSeconds: number): Promise<LexicographicResult> {
  const relaxed = await solveStages(model, given, timeLimitSeconds, true);
  if (relaxed.optimal && isWhole(model, relaxed.values)) {
    const values = relaxed.values.map((v, j) => (model.integer[j] ? Math.round(v) : v));
    return { values, optima: given.map((stage) => valueOf(stage, values)), optimal: true };
  }
  const { stages, parts } = mergeStages(given, model.numCols);
  const solved = await solveStages(model, stages, timeLimitSeconds, false);
  // Report each original stage's optimum, also for those solved inside a merged stage.
  return { ...solved, optima: parts.length ? given.map((stage) => valueOf(stage, solved.values)) : solved.optima };
}

/** A stage's objective at a solution (whole when the stage is). */
function valueOf(stage: Stage, values: Float64Array): number {
  let value = 0;
  for (let j = 0; j < values.length; j++) value += stage.costs[j] * values[j];
  return stage.integral ? Math.round(value) : value;
}

/** Every integer column within HiGHS's feasibility tolerance of a whole number. */
const isWhole = (model: LinearModel, values: Float64Array) => values.every((v, j) => !model.integer[j] || Math.abs(v - Math.round(v)) <= 1e-6);

/** Largest objective weight kept exact in a double (with room for the solver's arithmetic). */
const EXACT = 2 ** 50;

/**
 * Consecutive maximising stages with whole, non-negative costs are folded into one objective with
 * weights that keep the order exact: a unit of an earlier stage outweighs everything the later ones
 * can add. The constraint matrix of students, placements and nested sites is totally unimodular,
 * so one solve's relaxation is already whole; holding each optimum as an extra row would break that
 * and make the solver branch. Runs whose weights would not stay exact are left staged.
 */
function mergeStages(stages: Stage[], numCols: number): { stages: Stage[]; parts: Stage[][] } {
  const mergeable = (s: Stage) => s.sense === 'max' && s.integral && s.tolerance === 0 && s.costs.every((c) => c >= 0 && Number.isInteger(c));
  const out: Stage[] = [];
  const parts: Stage[][] = [];
  let i = 0;
  while (i < stages.length) {
    if (!mergeable(stages[i])) {
      out.push(stages[i++]);
      continue;
    }
    let j = i;
    while (j < stages.length && mergeable(stages[j])) j++;
    const run = stages.slice(i, j);
    const costs = new Float64Array(numCols);
    let bound = 0;
    let exact = true;
    for (let k = run.length - 1; k >= 0; k--) {
      const weight = bound + 1;
      let sum = 0;
      for (let c = 0; c < numCols; c++) {
        costs[c] += weight * run[k].costs[c];
        sum += run[k].costs[c];
      }
      bound += weight * sum;
      if (bound > EXACT) exact = false;
    }
    if (run.length > 1 && exact) {
      out.push({ name: run.map((s) => s.name).join(' > '), sense: 'max', costs, tolerance: 0, integral: true });
      parts.push(run);
    } else out.push(...run);
    i = j;
  }
  return { stages: out, parts };
}

async function solveStages(model: LinearModel, stages: Stage[], timeLimitSeconds: number, relaxed: boolean): Promise<LexicographicResult> {
  const highs = await highsRuntime();
  const { numCols } = model;
  if (numCols === 0) return { values: new Float64Array(0), optima: stages.map(() => 0), optimal: true };
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of model.rows) {
    indices.push(...row.indices);
    values.push(...row.values);
    starts.push(indices.length);
  }
  const m: Model = highs.createModel({
    numCols,
    numRows: model.rows.length,
    colCost: new Float64Array(numCols),
    colLower: model.colLower,
    colUpper: model.colUpper,
    rowLower: model.rows.map((r) => r.lower),
    rowUpper: model.rows.map((r) => r.upper),
    matrix: { format: 'csr', numRows: model.rows.length, numCols, starts, indices, values },
    integrality: model.integer.map((i) => (i && !relaxed ? highs.constants.variableType.integer : highs.constants.variableType.continuous)),
  });
  try {
    m.options.set({ output_flag: false, time_limit: timeLimitSeconds, mip_rel_gap: 0, mip_abs_gap: 1e-6, random_seed: 0 });
    const optima: number[] = [];
    let optimal = true;
    let last = new Float64Array(numCols);
    for (const stage of stages) {
      m.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, stage.costs);
      m.changeObjectiveSense(stage.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
      const { modelStatus } = m.run();
      if (modelStatus !== highs.constants.modelStatus.optimal) {
        optimal = false;
        // A stage cut short by the time limit keeps its best assignment found; anything else is a defect in the model.
        if (modelStatus !== highs.constants.modelStatus.timeLimit) throw new Error(`HiGHS ended stage ${stage.name} with status ${modelStatus}`);
      }
      last = Float64Array.from(m.getSolution().colValue);
      let optimum = 0;
      const nz: number[] = [];
      const coef: number[] = [];
      for (let j = 0; j < numCols; j++) {
        if (stage.costs[j] === 0) continue;
        optimum += stage.costs[j] * last[j];
        nz.push(j);
        coef.push(stage.costs[j]);
      }
      // A relaxed optimum may be fractional: held as found (less the solver's tolerance), never rounded up past what is feasible.
      if (stage.integral && !relaxed) optimum = Math.round(optimum);
      optima.push(optimum);
      if (nz.length === 0 || stage === stages[stages.length - 1]) continue;
      const tolerance = relaxed ? Math.max(stage.tolerance, 1e-6 * Math.max(1, Math.abs(optimum))) : stage.tolerance;
      if (stage.sense === 'max') m.addRow(optimum - tolerance, highs.infinity, { indices: nz, values: coef });
      else m.addRow(-highs.infinity, optimum + tolerance, { indices: nz, values: coef });
    }
    return { values: last, optima, optimal };
  } finally {
    m.dispose();
  }
}
