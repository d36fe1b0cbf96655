// Runs the connector contract suite and the late-commit and time-zone suites on sqlite.
import { defineContractSuite } from './connector-contract.js';
import { defineLateCommitSuite } from './late-commits.js';
import { defineTimeZoneSuite } from './time-zones.js';

defineContractSuite('sqlite');
defineLateCommitSuite('sqlite');
defineTimeZoneSuite('sqlite');
