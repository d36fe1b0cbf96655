// Runs the connector contract suite on sqlite.
import { defineContractSuite } from './connector-contract.js';

defineContractSuite('sqlite');
