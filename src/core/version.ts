import pkg from '../../package.json';

/** Loss Lab's version, recorded with every run so a result can be traced to the code that made it. */
export const VERSION: string = pkg.version;
