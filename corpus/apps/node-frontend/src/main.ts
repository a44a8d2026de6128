import { PLANETS } from './planets';
import { renderTable, sortPlanets, SortKey } from './table';

const root = document.getElementById('app');
if (root) {
  const key: SortKey = 'radiusKm';
  root.innerHTML = renderTable(sortPlanets(PLANETS, key));
}
