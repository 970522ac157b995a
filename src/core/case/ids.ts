// Case ids are plain names, never a path: checked wherever one is typed or read from a folder.
export const INCIDENT_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;
