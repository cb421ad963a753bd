export { auth0DoctorAdvice } from './auth0-doctor-advice.js';
