import { describePhantomFlow, REST } from './phantom-flow';

describePhantomFlow(REST);
