export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __stagebankTestDatabase?: { stop(): Promise<void> } }).__stagebankTestDatabase;
  await database?.stop();
}
