// Runs the connector contract suite and the late-commit suite on mysql.
import { defineContractSuite } from './connector-contract.js';
import { defineLateCommitSuite } from './late-commits.js';

defineContractSuite('mysql');
defineLateCommitSuite('mysql');
