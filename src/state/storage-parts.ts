import { ShowDb } from '../storage/db';
import { LocalDb, loadSettings, saveSetting } from '../storage/local';
import { followMutations } from '../storage/mutations';
import { writeChanges } from '../storage/oplog';
import { Outbox } from '../sync/windows/outbox';
import { loadKioskIdentity } from './identity';
import { SettingsRelay } from './settings-relay';

// The kiosk's storage road, loaded once the stored show is painted (`kiosk.openStorage`):
// Dexie and the databases, the op log's write road, the outbox and the settings relay
// to the other windows. A returning kiosk paints from plain reads before (boot-read.ts).

export const storageParts = {
  ShowDb,
  LocalDb,
  loadSettings,
  saveSetting,
  followMutations,
  writeChanges,
  Outbox,
  loadKioskIdentity,
  SettingsRelay,
};
