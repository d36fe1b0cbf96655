// Runs the phone index suite on mysql.
import { definePhoneIndexSuite } from './phone-index-contract.js';

definePhoneIndexSuite('mysql');
