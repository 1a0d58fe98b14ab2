'use strict';
// Preloaded under --profile: exit normally on SIGTERM so that node writes the .cpuprofile.
process.once('SIGTERM', () => process.exit(0));
