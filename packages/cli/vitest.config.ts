import { defineConfig } from 'vitest/config';
import { packageProjects } from '../../tools/vitest-shared.ts';

export default defineConfig({ test: { projects: packageProjects(import.meta.dirname) } });
