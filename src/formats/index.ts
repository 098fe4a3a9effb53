/** The CI output formats, loaded by src/cli.ts only when `--format github|junit` asks (a dry-run's start-up does not pay for them). */
export { checkAnnotations, jobSummary, runAnnotations, workflowCommand } from './github.js';
export { junitXml } from './junit.js';
