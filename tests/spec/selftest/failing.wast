;; Assertions that are wrong on purpose: the spec runner must report each of them as a failure.
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "nan") (result f32) (f32.const nan:0x200000))
  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))

(assert_return (invoke "one") (i32.const 2))
(assert_return (invoke "nan") (f32.const nan:canonical))
(assert_trap (invoke "one") "unreachable")
(assert_trap (invoke "div" (i32.const 0)) "integer overflow")
(assert_invalid (module (func)) "type mismatch")
(assert_return (invoke "one") (i32.const 1))
