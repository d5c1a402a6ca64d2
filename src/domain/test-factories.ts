import { toEntity } from './defaults';
import type { Call, Look, Model } from './model';

// Whole entities for tests from just the fields a test cares about: the defaults
// are the ones the app fills in for partial rows, so tests never drift from them.

export const makeLook = (fields: Partial<Look> & Pick<Look, 'id'>): Look => ({
  ...toEntity('looks', { id: fields.id }),
  ...fields,
});
export const makeModel = (fields: Partial<Model> & Pick<Model, 'id'>): Model => ({
  ...toEntity('models', { id: fields.id }),
  ...fields,
});
export const makeCall = (fields: Partial<Call> & Pick<Call, 'id'>): Call => ({
  ...toEntity('calls', { id: fields.id }),
  ...fields,
});
