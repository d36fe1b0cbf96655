// Runs the connector contract suite and the late-commit suite on postgres.
import { defineContractSuite } from './connector-contract.js';
import { defineLateCommitSuite } from './late-commits.js';

defineContractSuite('postgres');
defineLateCommitSuite('postgres');
