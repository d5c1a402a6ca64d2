import * as v from 'valibot';
import {
  openBroadcastChannel,
  type OpenChannel,
  type WindowChannel,
} from '../sync/windows/channel';

// A kiosk's role and name, changed in one window, reach its other windows: they share
// the settings database but each holds its own copy of the settings in memory.

const CHANNEL = 'backstage-settings';
const settingsChanged = v.object({ type: v.literal('settings') });

export class SettingsRelay {
  readonly #channel: WindowChannel | undefined;

  /** `changed` runs when another window changed the settings. */
  constructor(changed: () => void, openChannel: OpenChannel = openBroadcastChannel) {
    this.#channel = openChannel(CHANNEL);
    if (!this.#channel) return;
    this.#channel.onmessage = (event) => {
      if (v.is(settingsChanged, event.data)) changed();
    };
  }

  /** Tell the other windows this one changed the settings. */
  announce(): void {
    this.#channel?.postMessage({ type: 'settings' });
  }

  close(): void {
    this.#channel?.close();
  }
}
