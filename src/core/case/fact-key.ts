// The facts of a case as a zod enum, for the schemas of playbooks and incidents. Apart from
// facts.ts so that showing a fact never loads zod.
import * as z from 'zod';
import { FACT_KEYS } from './facts.ts';

export const FactKey = z.enum(FACT_KEYS);
