// Runs the connector contract suite on postgres.
import { defineContractSuite } from './connector-contract.js';

defineContractSuite('postgres');
