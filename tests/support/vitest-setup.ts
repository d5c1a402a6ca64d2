// Unit tests get no IndexedDB unless they ask for one (`import 'fake-indexeddb/auto'`):
// the sync engine and session run on the in-memory store (src/sync/testing), and a
// test that reaches Dexie without saying so fails loudly.
export {};
