import { defineProject } from 'vitest/config';
import { sharedProject } from '../../tools/vitest-shared.ts';

export default defineProject(sharedProject(import.meta.dirname));
