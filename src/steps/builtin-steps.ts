import type { StepType } from '../engine/step-type.ts';
import { branchStep } from './branch.ts';
import { delayStep } from './delay.ts';
import { emailStep } from './email.ts';
import { forEachStep } from './for-each.ts';
import { httpStep } from './http.ts';
import { respondStep } from './respond.ts';
import { slackStep } from './slack.ts';
import { tableStep } from './table.ts';
import { failStep, stopStep } from './stop.ts';
import { transformStep } from './transform.ts';

export const builtinSteps: readonly StepType<any>[] = [
  transformStep,
  branchStep,
  httpStep,
  emailStep,
  slackStep,
  delayStep,
  respondStep,
  forEachStep,
  stopStep,
  failStep,
  tableStep,
];
