export interface Planet {
  name: string;
  radiusKm: number;
  distanceAu: number;
  moons: number;
}

export const PLANETS: Planet[] = [
  { name: 'Mercury', radiusKm: 2439.7, distanceAu: 0.39, moons: 0 },
  { name: 'Venus', radiusKm: 6051.8, distanceAu: 0.72, moons: 0 },
  { name: 'Earth', radiusKm: 6371.0, distanceAu: 1.0, moons: 1 },
  { name: 'Mars', radiusKm: 3389.5, distanceAu: 1.52, moons: 2 },
  { name: 'Jupiter', radiusKm: 69911, distanceAu: 5.2, moons: 95 },
];
