// The bridge's races of work against a deadline: the one pair of helpers every layer uses (connectors/deadline.ts).
export { settleWithin, withDeadline, type Settled } from '../connectors/index.js';
