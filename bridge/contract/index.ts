// The contract between the bridge, the UI (renderer/) and the desktop shell (main/): schemas and the types inferred
// from them, without Node imports, so that the UI can import them and a change on one side fails to compile on the other.
export * from './admin.js';
export * from './events.js';
export * from './hosts.js';
export * from './profile.js';
export * from './profile-document.js';
export * from './status.js';
export * from './tunnel.js';
