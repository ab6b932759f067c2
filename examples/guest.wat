;; guest.wat: the module that embed.cpp instantiates. It imports one function from its host, "host"
;; "square", and exports sum_of_squares(n) = square(1) + ... + square(n), computed by calling the host.
(module
  (import "host" "square" (func $square (param i64) (result i64)))
  (func (export "sum_of_squares") (param $n i32) (result i64)
    (local $i i32)
    (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $sum
          (i64.add (local.get $sum) (call $square (i64.extend_i32_u (local.get $i)))))
        (br $next)))
    (local.get $sum)))
