;; The guest of tests/churn: one instantiation exercises what an instance owns (a memory with a data segment,
;; a growing memory, a table, globals) and the ways a call ends: normally, a trap in wasm, a trap in a host
;; function, and a trap in wasm called back from a host function.
(module
  (import "host" "add" (func $add (param i32 i32) (result i32)))
  (import "host" "fail" (func $fail))
  (import "host" "reenter" (func $reenter))
  (memory (export "memory") 2)
  (data (i32.const 1024) "a memory image: these bytes are the same in every instance")
  (table 4 funcref)
  (elem (i32.const 0) $one $two)
  (global $calls (mut i32) (i32.const 0))
  (type $t (func (result i32)))
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  ;; run(n): grows memory by one page, writes n words into it, sums table calls and host adds.
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (drop (memory.grow (i32.const 1)))
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (i32.const 65536) (i32.shl (local.get $i) (i32.const 2))) (local.get $i))
        (local.set $sum (call $add (local.get $sum)
                          (call_indirect (type $t) (i32.and (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (local.get $sum))
  (func (export "oob") (result i32) (i32.load (i32.const -4)))
  (func (export "host_trap") (call $fail))
  (func (export "inner") (unreachable))
  (func (export "reenter") (call $reenter)))
