import { AppAbility } from './ability.factory';
import { EntityName } from './registry';

export interface SqlFragment {
  sql: string;
  params: Record<string, unknown>;
}

/** Translates one condition (key and value) of a registry rule into SQL over the caller's table alias. */
export type ConditionTranslator = (value: unknown, param: (value: unknown) => string) => string;

let paramCounter = 0;

/**
 * Turns the ability's rules for reading `entity` (optionally: the rules that reveal `field`) into
 * a SQL condition, so lists filter in the database exactly as the in-memory check would. Rules
 * OR together; inverted rules AND NOT. An unknown condition key fails closed (throws).
 * No rule at all yields FALSE.
 */
export function abilityToSql(
  ability: AppAbility,
  entity: EntityName,
  translators: Record<string, ConditionTranslator>,
  field?: string,
): SqlFragment {
  const params: Record<string, unknown> = {};
  const param = (value: unknown): string => {
    const name = `pv${(paramCounter = (paramCounter + 1) % 1_000_000)}`;
    params[name] = value;
    return `:${name}`;
  };
  const rules = ability.rulesFor('read', entity, field);
  const allow: string[] = [];
  const deny: string[] = [];
  for (const rule of rules) {
    const conditions = (rule.conditions ?? {}) as Record<string, unknown>;
    const parts = Object.entries(conditions).map(([key, value]) => {
      const translate = translators[key];
      if (!translate) throw new Error(`No SQL translation for condition "${key}" on ${entity}`);
      return translate(value, param);
    });
    const sql = parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
    (rule.inverted ? deny : allow).push(sql);
  }
  if (allow.length === 0) return { sql: 'FALSE', params };
  let sql = `(${allow.join(' OR ')})`;
  if (deny.length) sql += ` AND NOT (${deny.join(' OR ')})`;
  return { sql, params };
}
