import type { AdapterPlugin, DoctorAdvice, ImportModule } from '@dual-auth/core';
import { ConfigurationError } from '@dual-auth/core';
import { genericDoctorAdvice } from './generic-doctor-advice.js';

const isDoctorAdvice = (value: unknown): value is DoctorAdvice =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { fixFor?: unknown }).fixFor === 'function' &&
  typeof (value as { tokenProfile?: unknown }).tokenProfile === 'object';

/**
 * The vendor's doctor advice: imports the module the plugin's `doctorAdvice` names and takes the
 * advice it exports; the generic advice when the plugin names none.
 *
 * @throws ConfigurationError when the module exports no advice.
 */
export async function loadDoctorAdvice(
  plugin: AdapterPlugin,
  importModule: ImportModule,
): Promise<DoctorAdvice> {
  if (plugin.doctorAdvice === undefined) return genericDoctorAdvice;
  const module = (await importModule(plugin.doctorAdvice)) as Record<string, unknown>;
  const advice = Object.values(module).find(isDoctorAdvice);
  if (advice === undefined) {
    throw new ConfigurationError({
      message: `${plugin.doctorAdvice} exports no doctor advice`,
      variable: 'DUAL_AUTH_VENDOR',
      packageName: plugin.doctorAdvice,
    });
  }
  return advice;
}
