/** Picture themes. Each paints its own opaque background, so it reads the same in any chat client. */
export type ChartThemeName = "dark" | "light";

export interface ChartTheme {
  background: string;
  /** Faint tint behind the forecast zone, setting it apart from the history. */
  forecastZone: string;
  text: string;
  mutedText: string;
  grid: string;
  history: string;
  historyFill: string;
  median: string;
  band80: string;
  band95: string;
  /** Band edge labels: the band's hue, strong enough to read as text. */
  band80Text: string;
  band95Text: string;
  stale: string;
  staleText: string;
}

/*
 * Blue history against an orange forecast: a pair that colour-blind readers (deuteranopia, protanopia)
 * still tell apart, unlike red and green. Dark is the default: Discord and most Telegram users run dark.
 */
export const CHART_THEMES: Record<ChartThemeName, ChartTheme> = {
  dark: {
    background: "#15181f",
    forecastZone: "rgba(255, 255, 255, 0.035)",
    text: "#e8eaed",
    mutedText: "#9aa3af",
    grid: "rgba(255, 255, 255, 0.09)",
    history: "#5aa9ff",
    historyFill: "rgba(90, 169, 255, 0.10)",
    median: "#ffa629",
    band80: "rgba(255, 166, 41, 0.38)",
    band95: "rgba(255, 166, 41, 0.16)",
    band80Text: "#ffc069",
    band95Text: "#c9a777",
    stale: "#e5484d",
    staleText: "#ffffff",
  },
  light: {
    background: "#ffffff",
    forecastZone: "rgba(15, 23, 42, 0.035)",
    text: "#1b1f24",
    mutedText: "#5b6470",
    grid: "rgba(15, 23, 42, 0.10)",
    history: "#1f6feb",
    historyFill: "rgba(31, 111, 235, 0.08)",
    median: "#d46b08",
    band80: "rgba(240, 140, 20, 0.34)",
    band95: "rgba(240, 140, 20, 0.14)",
    band80Text: "#b45309",
    band95Text: "#a16207",
    stale: "#d1242f",
    staleText: "#ffffff",
  },
};
