// Runs the connector contract suite on mysql.
import { defineContractSuite } from './connector-contract.js';

defineContractSuite('mysql');
