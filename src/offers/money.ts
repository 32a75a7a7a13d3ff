import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';

export const CURRENCIES = ['PLN'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Upper bound for amounts in minor units (100 billion PLN): far inside the exact range of a JS number. */
export const MAX_AMOUNT = 10_000_000_000_000;

/** Money in minor units (grosze); never a float. */
export interface Money {
  amount: number;
  currency: Currency;
}

export class MoneyDto implements Money {
  @ApiProperty({ type: 'integer', example: 123450, description: 'Minor units (grosze), not negative' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  amount!: number;

  @ApiProperty({ enum: CURRENCIES, example: 'PLN' })
  @IsIn(CURRENCIES)
  currency!: Currency;
}

/** From a bigint column (the driver returns text) to Money; null stays null. */
export function toMoney(amount: string | number | null | undefined, currency: string = 'PLN'): Money | null {
  if (amount === null || amount === undefined) return null;
  return { amount: Number(amount), currency: currency as Currency };
}

/** Commission rates travel as fractions (0.125 = 12.5 %) and are stored as basis points. */
export function rateToBasisPoints(rate: number): number {
  return Math.round(rate * 10_000);
}

export function basisPointsToRate(bp: number | string | null): number | null {
  return bp === null ? null : Number(bp) / 10_000;
}
