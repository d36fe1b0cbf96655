// Runs the phone index suite on sqlite.
import { definePhoneIndexSuite } from './phone-index-contract.js';

definePhoneIndexSuite('sqlite');
