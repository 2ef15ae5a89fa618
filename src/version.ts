// Written into every exported run and CLI output, so a file says which lab made it.
import { version } from '../package.json';

export const APP_VERSION = version;
