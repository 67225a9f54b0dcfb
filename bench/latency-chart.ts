/** An SVG of latency distributions (share of requests done by a time), with no dependency. */

export interface Series {
  readonly label: string;
  /** Sorted milliseconds. */
  readonly sorted: readonly number[];
}

const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function latencyChartSvg(title: string, series: readonly Series[]): string {
  const [w, h, left, right, top, bottom] = [760, 420, 60, 36, 40, 90];
  const plotW = w - left - right;
  const plotH = h - top - bottom;
  // A log scale, so a fast phase and a backed-up one are both readable.
  const all = series.flatMap((s) => (s.sorted.length ? [s.sorted[0]!, s.sorted[s.sorted.length - 1]!] : []));
  const lo = 10 ** Math.floor(Math.log10(Math.max(1, Math.min(...all))));
  const largest = Math.max(lo * 10, ...all);
  const hi = [1, 2, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(largest))).find((v) => v >= largest)!;
  const x = (ms: number) =>
    left + ((Math.log10(Math.min(hi, Math.max(lo, ms))) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
  const y = (share: number) => top + (1 - share) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="#fff"/>`,
    `<text x="${w / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (let decade = lo; decade <= hi; decade *= 10) {
    for (const m of [1, 2, 5]) {
      const v = decade * m;
      if (v > hi) break;
      out.push(
        `<line x1="${x(v).toFixed(1)}" y1="${top}" x2="${x(v).toFixed(1)}" y2="${top + plotH}" stroke="#eee"/>`,
        `<text x="${x(v).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle">${v.toLocaleString('en')}</text>`,
      );
    }
  }
  for (const share of [0, 0.25, 0.5, 0.75, 0.9, 1]) {
    out.push(
      `<line x1="${left}" y1="${y(share)}" x2="${left + plotW}" y2="${y(share)}" stroke="#eee"/>`,
      `<text x="${left - 6}" y="${y(share) + 4}" text-anchor="end">${share * 100}%</text>`,
    );
  }
  out.push(
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<text x="${left + plotW / 2}" y="${top + plotH + 34}" text-anchor="middle">milliseconds after the POST (log scale)</text>`,
  );
  series.forEach((s, i) => {
    const n = s.sorted.length;
    if (n === 0) return;
    const stride = Math.max(1, Math.floor(n / 400));
    const points: string[] = [`${x(0)},${y(0)}`];
    for (let k = 0; k < n; k += stride) points.push(`${x(s.sorted[k]!).toFixed(1)},${y((k + 1) / n).toFixed(1)}`);
    points.push(`${x(s.sorted[n - 1]!).toFixed(1)},${y(1)}`);
    const colour = colours[i % colours.length]!;
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`);
    const lx = left + (i % 2) * (plotW / 2);
    const ly = top + plotH + 52 + Math.floor(i / 2) * 16;
    out.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 18}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${lx + 24}" y="${ly}">${escapeXml(s.label)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
