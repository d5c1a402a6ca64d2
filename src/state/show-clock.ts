import { ShowClock } from '../clock/clock';

/** The one show clock of this kiosk; sync sets its offset against the reference kiosk. */
export const showClock = new ShowClock();
