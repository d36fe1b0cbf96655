// Runs the phone index suite on SQL Server (the TDS test double, or MSSQL_URL).
import { definePhoneIndexSuite } from './phone-index-contract.js';

definePhoneIndexSuite('mssql');
