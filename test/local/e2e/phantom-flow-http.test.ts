import { describePhantomFlow, HTTP } from './phantom-flow';

describePhantomFlow(HTTP);
