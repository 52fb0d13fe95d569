export type Language = 'nl' | 'en';

const TEXT = {
  appName: { nl: 'stagebank', en: 'stagebank' },
  signIn: { nl: 'Inloggen', en: 'Sign in' },
  signOut: { nl: 'Uitloggen', en: 'Sign out' },
  token: { nl: 'Token', en: 'Token' },
  tokenHelp: { nl: 'Plak je token, of kies een demogebruiker.', en: 'Paste your token, or pick a demo user.' },
  demoUsers: { nl: 'Demogebruikers', en: 'Demo users' },
  placements: { nl: 'Stageplekken', en: 'Placements' },
  search: { nl: 'Zoeken', en: 'Search' },
  searchPlaceholder: { nl: 'bijv. bakker, magazijn, zorg', en: 'e.g. baker, warehouse, care' },
  sector: { nl: 'Sector', en: 'Sector' },
  results: { nl: 'resultaten', en: 'results' },
  freeSeats: { nl: 'vrije plekken', en: 'free seats' },
  nextOpening: { nl: 'eerstvolgende plek', en: 'next opening' },
  noResults: { nl: 'Niets gevonden.', en: 'Nothing found.' },
  language: { nl: 'English', en: 'Nederlands' },
  clearFilter: { nl: 'Alle sectoren', en: 'All sectors' },
} as const;

export type TextKey = keyof typeof TEXT;
export const translate = (language: Language, key: TextKey): string => TEXT[key][language];
