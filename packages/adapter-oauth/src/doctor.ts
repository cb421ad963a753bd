export { oauthDoctorAdvice } from './oauth-doctor-advice.js';
