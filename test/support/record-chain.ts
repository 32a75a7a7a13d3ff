import { Client } from 'pg';
import { ChainRow, GENESIS_MAC, chainMac } from '@app/audit/canonical';

/**
 * Writes the keyed chain over `rows`, in their order from position 1, as the sealer writes it: each
 * seal from the entry's columns, made into text in JavaScript. For tests that set up a record by
 * hand, as a database owner.
 */
export async function sealByHand(owner: Client, key: string | Buffer, rows: ChainRow[]): Promise<void> {
  let prev = GENESIS_MAC;
  for (const [i, row] of rows.entries()) {
    const mac = chainMac(key, prev, String(i + 1), row);
    await owner.query(`INSERT INTO audit_seal (seq, entry_id, prev_mac, mac) VALUES ($1, $2, $3, $4)`, [
      i + 1,
      row.id,
      prev,
      mac,
    ]);
    prev = mac;
  }
}
