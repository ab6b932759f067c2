;; WASI imports are provided; the others are named.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (import "env" "host_log" (func (param i32 i64)))
  (memory (export "memory") 1)
  (func (export "_start")))
