import { Injectable } from '@nestjs/common';
import { EmployerDocument, PlacementDocument, SearchIndexName, toDocument } from '@stagebank/search';
import { EntityManager } from 'typeorm';
import { SearchRepository } from './search.repository';

export type SearchDocument = PlacementDocument | EmployerDocument;

/** Search documents as PostgreSQL has them now, from the views search_placement_document and search_employer_document. */
@Injectable()
export class SearchDocuments {
  constructor(private readonly repository: SearchRepository) {}

  /** The documents with these ids; ids without a row are gone and must leave the index. */
  async load(index: SearchIndexName, ids: string[]): Promise<{ documents: SearchDocument[]; deleted: string[] }> {
    if (ids.length === 0) return { documents: [], deleted: [] };
    const rows = await this.repository.documentsWithIds(index, ids);
    const documents = rows.map((row) => toDocument(index, row));
    const found = new Set(documents.map((d: SearchDocument) => d.id));
    return { documents, deleted: ids.filter((id) => !found.has(id)) };
  }

  /** Every document, in batches by id (each batch its own statement), read through `manager`. */
  async *all(index: SearchIndexName, manager: EntityManager, batchSize = 5000): AsyncGenerator<SearchDocument[]> {
    const repository = new SearchRepository(manager);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await repository.documentsAfter(index, after, batchSize);
      if (rows.length === 0) return;
      yield rows.map((row) => toDocument(index, row));
      after = rows[rows.length - 1].id;
    }
  }
}
