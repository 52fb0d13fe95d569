import { Injectable } from '@nestjs/common';
import { DemoMember, demoMembers } from '../../../../seeds/demo-members';
import { AreaRepository } from '../common/repository';

/** The web area's reads (see ARCHITECTURE.md, "Where SQL lives"): only the demo's sign-in, whose query the start-up banner shares. */
@Injectable()
export class WebRepository extends AreaRepository {
  /** Every demo user's membership (seeds/demo-members.ts). */
  demoMembers(): Promise<DemoMember[]> {
    return demoMembers(this.manager);
  }
}
