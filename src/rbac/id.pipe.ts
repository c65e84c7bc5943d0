import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from '../common/api-error';

const ID = /^[1-9][0-9]{0,15}$/;

/** A record id from the path; anything that cannot be one is an unknown record: 404 (docs/http-contract.md §10.12). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = ID.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(id)) throw notFound();
    return id;
  }
}
