/**
 * chart.js with only the pieces the latency histogram uses, registered once. Loaded lazily
 * (`await import('./chart-setup')`) so the runs page bundle does not carry chart.js.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export { Chart };
