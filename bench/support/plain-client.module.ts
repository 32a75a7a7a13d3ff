import { Controller, Get, Module, Param } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { Public } from '@app/privacy';

/**
 * The baseline of P1: the same client lookup as GET /api/clients/:id, served with no
 * authentication, no purpose, no projection and no record of operations. Only the benchmark
 * mounts this module; the application never does.
 */
@Controller('bench/plain-clients')
class PlainClientController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  /** The baseline of P2: the same page of 100 clients, unprojected and unrecorded. */
  @Get()
  @Public()
  async list() {
    const rows = await this.db.query(
      `SELECT c.id, c.status, c.first_name, c.last_name, c.email, c.phone, c.address,
          to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, c.pesel_cipher, c.restricted,
          to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
          ARRAY(SELECT k.purpose || ':' || k.channel FROM consent k WHERE k.client_id = c.id AND k.withdrawn_at IS NULL) AS active_consents
        FROM client c WHERE c.restricted = false AND c.erasure_refused = false ORDER BY c.created_at DESC, c.id DESC LIMIT 101`,
    );
    return {
      items: rows.slice(0, 100).map((row: Record<string, unknown>) => this.view(row)),
      nextCursor: null,
    };
  }

  @Get(':id')
  @Public()
  async get(@Param('id') id: string) {
    const [row] = await this.db.query(
      `SELECT c.id, c.status, c.first_name, c.last_name, c.email, c.phone, c.address,
          to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, c.pesel_cipher, c.restricted,
          to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
          ARRAY(SELECT k.purpose || ':' || k.channel FROM consent k WHERE k.client_id = c.id AND k.withdrawn_at IS NULL) AS active_consents
        FROM client c WHERE c.id = $1`,
      [id],
    );
    return this.view(row);
  }

  private view(row: Record<string, unknown>) {
    return {
      id: row.id,
      status: row.status,
      createdAt: row.created_at,
      restricted: row.restricted,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      phone: row.phone,
      address: row.address,
      dateOfBirth: row.date_of_birth,
      pesel: row.pesel_cipher ? this.cipher.decrypt(String(row.pesel_cipher)) : null,
    };
  }
}

@Module({ controllers: [PlainClientController] })
export class PlainClientBenchModule {}
