;; Imports that `mosaic run` cannot provide: it must name each one with its type.
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "memory" (memory 1))
  (func (export "_start")
    (call $log (i32.const 42))))
