/** The database role the application works as while handling a request; it owns no table. */
export const APP_ROLE = 'stagebank_app';
