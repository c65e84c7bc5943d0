import { Body, Controller, ForbiddenException, Put } from '@nestjs/common';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentUser } from 'gatehouse';
import type { User } from 'gatehouse';
import { toEmpresaJson } from './empresa.entity';
import { EmpresasService } from './empresas.service';

export class EmpresaDto {
  @IsString() @IsNotEmpty() @MaxLength(255)
  nombre: string;

  @IsOptional() @IsString() @MaxLength(50)
  nit?: string;

  @IsOptional() @IsString() @MaxLength(50)
  telefono?: string;

  @IsOptional() @IsString() @MaxLength(255)
  direccion?: string;
}

/** The /empresa/create page: an `empresa` user creates its business profile, or updates it (bearer token). */
@Controller('api/empresa')
export class EmpresaController {
  constructor(private readonly empresas: EmpresasService) {}

  @Put()
  async save(@CurrentUser() user: User, @Body() body: EmpresaDto) {
    if (user.fields?.role !== 'empresa') throw new ForbiddenException();
    const empresa = await this.empresas.save(user.id, body);
    return { status: 'success', empresa: toEmpresaJson(empresa), redirect: '/empresa/panel' };
  }
}
