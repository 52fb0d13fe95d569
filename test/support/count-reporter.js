/** Ends the run with the one line CI reads: `tests: N passed, N failed`. */
class CountReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    console.log(`tests: ${results.numPassedTests} passed, ${failed} failed`);
  }
}
module.exports = CountReporter;
