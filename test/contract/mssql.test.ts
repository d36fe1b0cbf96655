// Runs the connector contract suite on mssql.
import { defineContractSuite } from './connector-contract.js';

defineContractSuite('mssql');
