// Jest reporter: prints "N passed, M failed" as the run's last line and, when
// TOLLGATE_SUMMARY_FILE is set, writes the same line there for .ci/run.
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed =
      results.numFailedTests +
      results.numRuntimeErrorTestSuites +
      (results.numFailedTestSuites > 0 && results.numFailedTests === 0 ? results.numFailedTestSuites : 0);
    const line = `${results.numPassedTests} passed, ${failed} failed`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.TOLLGATE_SUMMARY_FILE) fs.writeFileSync(process.env.TOLLGATE_SUMMARY_FILE, `${line}\n`);
  }
}

module.exports = SummaryReporter;
