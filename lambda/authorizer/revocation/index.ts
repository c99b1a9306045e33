export { RevocationPoller, type PollOutcome, type RevocationPollerOptions } from './revocation-poller';
export { RevocationList, type Refusal } from './revocation-list';
export { refuseIfRevoked, notePoll, type RevocationCheck, type RevocationTrace } from './refuse-revoked';
export { revocationPollerFor } from './revocation-setup';
