;; Wrong assertions, each of which the runner must report as a failure (spec_component_selftest_failures);
;; line 20 holds a right one (listed in failing-passes.txt to check that an unexpected pass is reported).
(component
  (core module $m
    (func (export "answer") (result i32) i32.const 42)
    (func (export "boom") unreachable)
  )
  (core instance $i (instantiate $m))
  (func (export "answer") (result u32) (canon lift (core func $i "answer")))
  (func (export "boom") (canon lift (core func $i "boom")))
)
;;
;;
;;
;;
;;
;;
;;
;;
(assert_return (invoke "answer") (u32.const 42))
(assert_return (invoke "answer") (u32.const 43))
(assert_return (invoke "answer") (s32.const 42))
(assert_trap (invoke "answer") "unreachable")
(assert_trap (invoke "boom") "out of bounds")
(assert_invalid (component) "")
(assert_return (invoke "no-such-export"))
