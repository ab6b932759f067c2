;; WASI exit statuses are below 126; 200 is refused (as wasmtime).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 200))))
