'use strict';
// Preloaded with --expose-gc by micro/side-by-side.js --gc: on SIGUSR2, full GCs as V8's memory
// reducer runs them in a server that turned idle. Four: outside the memory reducer, V8 keeps a map
// that optimized code uses for two more full GCs after its last object died
// (--retain-maps-for-n-gc=2). Plain gc(): on Node 20, gc({ type: 'major' }) ran no full GC.
process.on('SIGUSR2', () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
});
