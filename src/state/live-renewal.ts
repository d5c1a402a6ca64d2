import { Dexie } from 'dexie';

/**
 * Dexie's liveQuery keeps, per subscription, every change it was told of that did not
 * concern it (`accumMuts`), until its query next runs. A query over a table nobody is
 * writing (the show row, while tablets tap progress) never runs again, so it keeps every
 * write's keys for ever; the op log's page keys are new on every write. That was ~1 KB of
 * heap per tap across the show's nine live tables. Renewing a subscription now and then
 * drops what it kept: one query per table every `RENEW_EVERY` commits.
 */
export const RENEW_EVERY = 500;

/** Call `renew` after every `every` committed writes to any Dexie database of this window. */
export function renewEvery(every: number, renew: () => void): () => void {
  let count = 0;
  const listener = () => {
    count += 1;
    if (count % every === 0) renew();
  };
  Dexie.on('storagemutated', listener);
  return () => Dexie.on('storagemutated').unsubscribe(listener);
}
