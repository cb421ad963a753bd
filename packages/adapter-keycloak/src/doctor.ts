export { keycloakDoctorAdvice } from './keycloak-doctor-advice.js';
