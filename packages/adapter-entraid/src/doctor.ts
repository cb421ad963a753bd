export { entraIdDoctorAdvice } from './entraid-doctor-advice.js';
