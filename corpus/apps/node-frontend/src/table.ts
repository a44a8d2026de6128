import type { Planet } from './planets';

const EARTH_RADIUS_KM = 6371.0;

export type SortKey = 'radiusKm' | 'distanceAu' | 'moons';

export function sortPlanets(planets: Planet[], key: SortKey): Planet[] {
  return [...planets].sort((a, b) => b[key] - a[key]);
}

export function renderTable(planets: Planet[]): string {
  const rows = planets.map((p) => {
    const relative = (p.radiusKm / EARTH_RADIUS_KM).toFixed(2);
    return `<tr><td>${p.name}</td><td>${relative}</td><td>${p.distanceAu}</td><td>${p.moons}</td></tr>`;
  });
  return `<table><tr><th>planet</th><th>radius (Earth=1)</th><th>AU</th><th>moons</th></tr>${rows.join('')}</table>`;
}
