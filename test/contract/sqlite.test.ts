// Runs the connector contract suite and the late-commit suite on sqlite.
import { defineContractSuite } from './connector-contract.js';
import { defineLateCommitSuite } from './late-commits.js';

defineContractSuite('sqlite');
defineLateCommitSuite('sqlite');
