export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as { __stagebankTestDatabase?: { stop(): Promise<void> }; __stagebankTestMeilisearch?: { stop(): Promise<void> } };
  await globals.__stagebankTestMeilisearch?.stop();
  await globals.__stagebankTestDatabase?.stop();
}
