/** Up to four series colours for compared runs (baseline first). */
export const SERIES_COLORS = ['#2563eb', '#d9480f', '#0f8a6f', '#7b35b8'] as const;

/** Eight distinguishable colours for categorical series (quantization levels on the leaderboard). */
export const CATEGORY_COLORS = [
  '#1a4fa0',
  '#0f8a6f',
  '#c07c00',
  '#7b35b8',
  '#d9480f',
  '#0e7490',
  '#be185d',
  '#5d6776',
] as const;

/**
 * A colour per distinct name, stable for a given set (sorted, then assigned in order), so fp8 and int8
 * never share a colour: categoryColors(['int8', 'fp8']) -> { fp8: '#1a4fa0', int8: '#0f8a6f' }.
 */
export function categoryColors(names: string[]): Record<string, string> {
  const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b));
  return Object.fromEntries(sorted.map((n, i) => [n, CATEGORY_COLORS[i % CATEGORY_COLORS.length]!]));
}
