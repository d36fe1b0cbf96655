// Runs the phone index suite on postgres.
import { definePhoneIndexSuite } from './phone-index-contract.js';

definePhoneIndexSuite('postgres');
