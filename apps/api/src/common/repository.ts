import { Inject } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Base of an area's repository (`<area>.repository.ts`, the only file of the area that talks to
 * the database; see ARCHITECTURE.md, "Where SQL lives"). Nest builds it on the data source;
 * `transaction(work)` hands `work` the same repository bound to one transaction, so a service
 * keeps its rules and still writes atomically.
 */
export abstract class AreaRepository {
  protected readonly manager: EntityManager;

  constructor(@Inject(DataSource) db: DataSource | EntityManager) {
    this.manager = db instanceof DataSource ? db.manager : db;
  }

  transaction<R extends AreaRepository, T>(this: R, work: (tx: R) => Promise<T>): Promise<T> {
    const Self = this.constructor as new (manager: EntityManager) => R;
    return this.manager.transaction((manager) => work(new Self(manager)));
  }

  /**
   * Another repository bound to the same connection (and so the same transaction): for an area's
   * exported service that writes as part of the caller's transaction, e.g. the employer's hosting
   * interest recorded inside the employer link's answer.
   */
  alongside<O extends AreaRepository>(Other: new (manager: EntityManager) => O): O {
    return new Other(this.manager);
  }
}
