import { forecast, type Forecast, type ForecastInput } from '../../domain/show-time';

// The line under the headline of the wall and the curtain: when the show will finish
// and how it stands against plan, or that it is on hold.

export interface ForecastLine {
  text: string;
  tone: 'ok' | 'behind' | 'held';
}

export function forecastLine(input: ForecastInput): ForecastLine | undefined {
  const result: Forecast | undefined = forecast(input);
  if (!result) return undefined;
  if (result.isHeld) return { text: `${result.holdText} · ${result.finishText}`, tone: 'held' };
  return { text: `${result.finishText} · ${result.planText}`, tone: result.isBehind ? 'behind' : 'ok' };
}
