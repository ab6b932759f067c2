;; A trap two calls deep: `mosaic run --invoke outer trap.wasm 0` must print the trap and a backtrace.
(module
  (func $divide (param $d i32) (result i32)
    (i32.div_s (i32.const 100) (local.get $d)))
  (func $outer (export "outer") (param $d i32) (result i32)
    (call $divide (local.get $d)))
  (func $recurse (export "recurse") (param $n i32) (result i32)
    (i32.add (i32.const 1) (call $recurse (local.get $n))))
  (func (export "unreachable")
    unreachable))
