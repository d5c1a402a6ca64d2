import { forecast, type Forecast, type ForecastInput } from '../../domain/show-time';

// The line under the headline of the wall and the curtain: when the show will finish
// and how it stands against plan, or that it is on hold.

export interface ForecastLine {
  text: string;
  /** The same words in the parts the text joins with " · ". */
  parts: string[];
  tone: 'ok' | 'behind' | 'held';
}

export function forecastLine(input: ForecastInput): ForecastLine | undefined {
  const result: Forecast | undefined = forecast(input);
  if (!result) return undefined;
  const parts = result.isHeld
    ? [result.holdText, result.finishText]
    : [result.finishText, result.planText];
  const tone = result.isHeld ? 'held' : result.isBehind ? 'behind' : 'ok';
  return { text: parts.join(' · '), parts, tone };
}
