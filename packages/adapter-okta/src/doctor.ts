export { oktaDoctorAdvice } from './okta-doctor-advice.js';
