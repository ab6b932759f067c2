// Imported by `jco run --jco-import` (tests/wasi/run.cmake, RUNNER=jco): replaces preview2-shim's default
// preopen (the host's / as /) with the ones in $MOSAIC_JCO_PREOPENS, "HOST::GUEST" entries separated by "|",
// the way `mosaic run --dir HOST::GUEST` preopens them.
import { _clearPreopens, _addPreopen } from '@bytecodealliance/preview2-shim/filesystem';

_clearPreopens();
for (const entry of (process.env.MOSAIC_JCO_PREOPENS ?? '').split('|').filter(Boolean)) {
  const at = entry.indexOf('::');
  _addPreopen(entry.slice(at + 2), entry.slice(0, at));
}
