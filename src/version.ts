// Written into every exported run and CLI output, so a file says which lab made it.
export const APP_VERSION = '0.1.0';
